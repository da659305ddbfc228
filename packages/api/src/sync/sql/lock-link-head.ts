import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';
import { AUDIT_LOCK, type Head as AuditHead } from '../../audit/sql/append-audit-row.ts';
import { NEWEST_AUDIT_ROW } from '../../audit/sql/read-audit-head.ts';
import type { LinkHead } from '../../peer/peer-client.ts';
import { LINK_GENESIS } from '../entry-payload.ts';

export type { LinkHead };

/**
 * Locks the head row of link from → to for the rest of the transaction (creating it at seq 0),
 * so appends to one link are serialised across processes and seq never repeats. One statement: the
 * no-op update takes the row lock and returns the newest committed head, even one committed after
 * this transaction's snapshot.
 */
export async function lockLinkHead(trx: Kysely<Database>, from: string, to: string): Promise<LinkHead> {
  return (await linkHeadLock(from, to).execute(trx)).rows[0]!;
}

/** The statement of `lockLinkHead`, for a caller that runs it with others in one statement. */
function linkHeadLock(from: string, to: string) {
  return sql<LinkHead>`
    insert into link_head (from_node, to_node, seq, hash) values (${from}, ${to}, 0, ${LINK_GENESIS})
    on conflict (from_node, to_node) do update set seq = link_head.seq
    returning seq, hash`;
}

/**
 * `lockLinkHead`, then the audit chain's lock (in that order, as every writer of both takes them),
 * and the chain's head, in one statement: a group of filings writes its audit rows in its entries'
 * statement (`auditRowsAfter`), so the link's head is held for two round trips and the commit.
 * The audit head is read in the statement's snapshot, which predates rows committed while it waited
 * for either lock (always the group before's, when that group held the link): the caller chains
 * after the newer of it and the rows it appended last, and `auditRowsAfter` checks that head.
 */
export async function lockLinkHeadThenAuditChain(
  trx: Kysely<Database>,
  from: string,
  to: string,
): Promise<{ link: LinkHead; audit: AuditHead }> {
  const { rows } = await sql<{
    seq: number;
    hash: string;
    audit_id: number | null;
    audit_hash: string | null;
  }>`
    with link as (${linkHeadLock(from, to)})
    select link.seq, link.hash, head.id as audit_id, head.hash as audit_hash
      from link
      -- Refers to the link's row, so it runs once that row is locked.
      cross join lateral (select pg_advisory_xact_lock(${AUDIT_LOCK}) where link.seq is not null) as chain_lock
      left join lateral (${NEWEST_AUDIT_ROW}) as head on true`.execute(trx);
  const row = rows[0]!;
  return {
    link: { seq: Number(row.seq), hash: row.hash },
    audit:
      row.audit_id != null && row.audit_hash != null
        ? { id: Number(row.audit_id), hash: row.audit_hash }
        : undefined,
  };
}

/** The head without locking (status, heads exchange). */
export async function readLinkHead(db: Kysely<Database>, from: string, to: string): Promise<LinkHead> {
  const row = await db
    .selectFrom('link_head')
    .select(['seq', 'hash'])
    .where('from_node', '=', from)
    .where('to_node', '=', to)
    .executeTakeFirst();
  return row ?? { seq: 0, hash: LINK_GENESIS };
}
