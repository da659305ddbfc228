import type { Database } from '@tiemeng/db';
import { type Kysely, type RawBuilder, sql } from 'kysely';

export interface LinkEntryRow {
  from: string;
  to: string;
  seq: number;
  hash: string;
  prev: string;
  eventId: string;
  jws: string;
  /** The trace of the call that appended an entry of our link (its delivery continues it). */
  traceId?: string | null;
}

/**
 * The statement that stores entries of a link, for a caller that runs it with others in one
 * statement (`linkBatchWrite`). The rows travel as one JSON parameter: a catch-up batch of
 * thousands of entries is one small statement, not eight parameters per row.
 */
export function linkEntriesInsert(entries: readonly LinkEntryRow[]): RawBuilder<unknown> {
  const rows = JSON.stringify(entries.map(columnsOf));
  return sql`
    insert into link_entry (from_node, to_node, seq, hash, prev, event_id, jws, trace_id)
    select from_node, to_node, seq, hash, prev, event_id, jws, trace_id
      from json_to_recordset(${rows}::json) as r(
        from_node text, to_node text, seq bigint, hash text, prev text, event_id uuid, jws text, trace_id text)`;
}

const columnsOf = (e: LinkEntryRow) => ({
  from_node: e.from,
  to_node: e.to,
  seq: e.seq,
  hash: e.hash,
  prev: e.prev,
  event_id: e.eventId,
  jws: e.jws,
  trace_id: e.traceId ?? null,
});

/**
 * Appends entries this node signed to one link (consecutive seqs, in order) and advances its head to
 * the last, in one statement, and tells the delivery worker (NOTIFY, delivered at commit). The head
 * must be locked by `lockLinkHead`.
 */
export async function appendLinkEntries(
  trx: Kysely<Database>,
  entries: readonly LinkEntryRow[],
  channel: string,
): Promise<void> {
  const last = entries.at(-1);
  if (!last) return;
  await trx
    .with('entry', (db) => db.insertInto('link_entry').values(entries.map(columnsOf)))
    .with('head', (db) =>
      db
        .updateTable('link_head')
        .set({ seq: last.seq, hash: last.hash })
        .where('from_node', '=', last.from)
        .where('to_node', '=', last.to),
    )
    .selectNoFrom(sql<void>`pg_notify(${channel}, ${last.to})`.as('notified'))
    .execute();
}

/** Entries of a link after `afterSeq`, in order. */
export function readLinkEntries(
  db: Kysely<Database>,
  from: string,
  to: string,
  afterSeq: number,
  limit: number,
) {
  return db
    .selectFrom('link_entry')
    .select(['seq', 'hash', 'prev', 'jws', 'trace_id'])
    .where('from_node', '=', from)
    .where('to_node', '=', to)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}
