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
 * thousands of entries is one small statement, not eight parameters per row. Read as jsonb, which
 * cost the database less than json a row (75–78 against 84–93 µs with their events, batches of 500).
 */
export function linkEntriesInsert(entries: readonly LinkEntryRow[]): RawBuilder<unknown> {
  const rows = JSON.stringify(entries.map(columnsOf));
  return sql`
    insert into link_entry (from_node, to_node, seq, hash, prev, event_id, jws, trace_id)
    select from_node, to_node, seq, hash, prev, event_id, jws, trace_id
      from jsonb_to_recordset(${rows}::jsonb) as r(
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
 * must be locked by `lockLinkHead`. `audit`, a clause inserting audit rows (`auditRowsAfter`), runs in
 * the same statement; answers how many rows it inserted.
 */
export async function appendLinkEntries(
  trx: Kysely<Database>,
  entries: readonly LinkEntryRow[],
  channel: string,
  audit?: RawBuilder<unknown>,
): Promise<{ audited: number }> {
  const last = entries.at(-1);
  if (!last) return { audited: 0 };
  const { rows } = await sql<{ audited: number }>`
    with entry as (${linkEntriesInsert(entries)}),
         head as (update link_head set seq = ${last.seq}, hash = ${last.hash}
                   where from_node = ${last.from} and to_node = ${last.to}),
         audit as (${audit ?? sql`select 1 where false`})
    select pg_notify(${channel}, ${last.to}), (select count(*) from audit)::int as audited`.execute(trx);
  return { audited: rows[0]!.audited };
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
