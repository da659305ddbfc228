import { type Kysely, sql } from 'kysely';

/**
 * Signed links between nodes, the events they carry, record projections, sync incidents,
 * and the replay guard for node tokens.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Every event this node knows, authored here or received; the signed form is in link_entry.
  await db.schema
    .createTable('event')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'uuid', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('hlc', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'jsonb', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('stored_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('event_record_idx')
    .on('event')
    .columns(['record_id', 'hlc', 'author', 'id'])
    .execute();

  // One row per entry of a link from → to: gap-free seq, prev hash, the JWS exactly as signed.
  await db.schema
    .createTable('link_entry')
    .addColumn('from_node', 'text', (c) => c.notNull())
    .addColumn('to_node', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('prev', 'text', (c) => c.notNull())
    .addColumn('event_id', 'uuid', (c) => c.notNull().references('event.id'))
    .addColumn('jws', 'text', (c) => c.notNull())
    .addColumn('stored_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('link_entry_pk', ['from_node', 'to_node', 'seq'])
    .execute();

  // Head of every link this node holds: outbound (from = this node) and inbound (to = this node).
  await db.schema
    .createTable('link_head')
    .addColumn('from_node', 'text', (c) => c.notNull())
    .addColumn('to_node', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('link_head_pk', ['from_node', 'to_node'])
    .execute();

  // Delivery state of each outbound link; its row lock is the "one sender per link" claim.
  await db.schema
    .createTable('peer_delivery')
    .addColumn('peer', 'text', (c) => c.primaryKey())
    .addColumn('acked_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('acked_hash', 'text')
    .addColumn('last_success_at', 'timestamptz')
    .addColumn('last_attempt_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_retry_at', 'timestamptz')
    .execute();

  // Current state of every record, folded from its events.
  await db.schema
    .createTable('record_projection')
    .addColumn('record_id', 'uuid', (c) => c.primaryKey())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('parties', sql`text[]`, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('state', 'jsonb', (c) => c.notNull())
    .addColumn('timeline', 'jsonb', (c) => c.notNull())
    .addColumn('state_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('record_projection_type_idx')
    .on('record_projection')
    .columns(['record_type', 'created_at'])
    .execute();

  await db.schema
    .createTable('sync_incident')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('peer', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint')
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('evidence', 'jsonb', (c) => c.notNull())
    .execute();

  // Node-token ids seen, kept until the token expires, to refuse replays.
  await db.schema
    .createTable('node_token_jti')
    .addColumn('jti', 'text', (c) => c.primaryKey())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
}
