import type { Kysely } from 'kysely';

/**
 * The request id in an audit row is the node's own; the id a caller sent (`x-request-id`) is kept
 * apart as a correlation id, so callers can no longer choose what audit rows are found by. And the
 * newest audit head each peer has signed for us to witness, sent at least every minute, so a
 * truncated tail of its chain shows within a minute.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('correlation_id', 'text').execute();
  await db.schema
    .createTable('audit_head_anchor')
    .addColumn('node', 'text', (c) => c.primaryKey())
    .addColumn('row_id', 'int8', (c) => c.notNull())
    .addColumn('row_hash', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('jws', 'text', (c) => c.notNull())
    .execute();
}
