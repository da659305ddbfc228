import { type Database, type PreparedStatement, runPrepared } from '@tiemeng/db';
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { GroupRunner } from '../../batching/group-runner.ts';
import { AUDIT_GENESIS, type AuditContent, auditRowHash } from '../audit-chain.ts';
import { NEWEST_AUDIT_ROW, readAuditHead } from './read-audit-head.ts';

/** Serialises appends so the chain never forks; held only until the caller's transaction commits. */
export const AUDIT_LOCK = 0x61756474; // 'audt'

export type NewAuditRow = Omit<AuditContent, 'id'>;

/** The row a new row chains to: its id and hash, or none on an empty chain. */
export type Head = { id: number; hash: string } | undefined;

/** The later of two heads of the chain (the one with the higher id). */
export function newerHead(a: Head, b: Head): Head {
  return b && (!a || b.id > a.id) ? b : a;
}

/** Takes the audit chain's lock until the transaction ends: appends wait, and so does anything rewriting it. */
export async function lockAuditChain(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(trx);
}

/**
 * Appends rows, in order, to the audit chain inside the caller's transaction.
 * Must run in a transaction: the advisory lock lasts until commit.
 */
export async function appendAuditRows(
  trx: Transaction<Database>,
  rows: readonly NewAuditRow[],
): Promise<{ id: number; hash: string }[]> {
  // One round trip for the lock and the head: its snapshot may predate rows committed while it
  // waited for the lock, so the insert, a statement of its own under the lock, checks the head is
  // still the newest row and inserts nothing otherwise.
  let head = await lockAuditChainReadingHead(trx);
  let chained = chainAuditRows(rows, head);
  if (await insertAuditRowsAfter(trx, head, chained)) return chained.map(({ id, hash }) => ({ id, hash }));
  head = await readAuditHead(trx);
  chained = chainAuditRows(rows, head);
  // Under the lock, with the head just read, nothing can have moved it.
  if (!(await insertAuditRowsAfter(trx, head, chained)))
    throw new Error('the audit chain moved under its lock');
  return chained.map(({ id, hash }) => ({ id, hash }));
}

/** Takes the chain's lock and reads its head in one statement (a head that may be stale: see above). */
export async function lockAuditChainReadingHead(trx: Transaction<Database>): Promise<Head> {
  const { rows } = await sql<{ id: number | null; hash: string | null }>`
    select head.id, head.hash from (select pg_advisory_xact_lock(${AUDIT_LOCK})) as chain_lock
      left join lateral (${NEWEST_AUDIT_ROW}) as head on true`.execute(trx);
  const [row] = rows;
  return row?.id != null && row.hash != null ? { id: Number(row.id), hash: row.hash } : undefined;
}

/** Appends one row to the audit chain inside the caller's transaction (writes: same transaction as the change). */
export async function appendAuditRow(
  trx: Transaction<Database>,
  row: NewAuditRow,
): Promise<{ id: number; hash: string }> {
  return (await appendAuditRows(trx, [row]))[0]!;
}

/**
 * Rows as stored: each one's id follows its predecessor's, and its hash covers its predecessor's.
 * Two appends chaining to the same row would both take the id after it and the same `prev_hash`:
 * the primary key and `audit_log_prev_hash_key` refuse the second.
 */
export function chainAuditRows(rows: readonly NewAuditRow[], head: Head) {
  let prev = head ?? { id: 0, hash: AUDIT_GENESIS };
  return rows.map((row) => {
    const id = prev.id + 1;
    const hash = auditRowHash({ ...row, id }, prev.hash);
    const stored = {
      id,
      at: row.at,
      node_id: row.nodeId,
      actor_type: row.actorType,
      actor_id: row.actorId,
      procedure: row.procedure,
      record_ids: [...row.recordIds],
      outcome: row.outcome,
      error_code: row.errorCode,
      request_id: row.requestId,
      input_hash: row.inputHash,
      prev_hash: prev.hash,
      hash,
      correlation_id: row.correlationId ?? null,
      note: row.note ?? null,
    };
    prev = { id, hash };
    return stored;
  });
}

export type ChainedRow = ReturnType<typeof chainAuditRows>[number];

/** The columns of `audit_log`, as `jsonb_to_recordset` reads chained rows (`chainAuditRows`). */
const CHAINED_ROW_COLUMNS = `id int8, at timestamptz, node_id text, actor_type text, actor_id text,
  procedure text, record_ids text[], outcome text, error_code text, request_id text, input_hash text,
  prev_hash text, hash text, correlation_id text, note text`;

/**
 * "The head (the row `head`, its id null on an empty chain) is the chain's newest row in this
 * snapshot." Ids are consecutive, so "newest" is "no row has the next id": an equality, which even a
 * prepared statement's generic plan looks up in the primary key.
 */
const HEAD_IS_NEWEST = `not exists (select 1 from audit_log a where a.id = coalesce(head.id, 0) + 1)
  and (head.id is null or exists (select 1 from audit_log a where a.id = head.id and a.hash = head.hash))`;

/**
 * Inserts chained rows in one statement, as one JSON parameter: it takes the chain's lock (held
 * until its transaction ends, so a group committed on its own never races an append inside a
 * change's transaction) and inserts only if the head is the chain's newest row (HEAD_IS_NEWEST).
 *
 * A statement that waited for the lock may have an older snapshot than the rows committed
 * meanwhile: then a unique key (id or prev_hash) refuses it, so the chain never forks. Under a lock
 * its transaction already holds, the snapshot is current and a moved head inserts nothing, without
 * an error that would end the transaction. Prepared: group commits run it hundreds of times a
 * second, and parsing and planning it each time cost the database as much as the insert itself.
 */
export const INSERT_AFTER: PreparedStatement = {
  name: 'audit-insert-after',
  text: `insert into audit_log
    select r.* from (select pg_advisory_xact_lock(${AUDIT_LOCK})) as chain_lock,
      (select $2::int8 as id, $3::text as hash) as head,
      jsonb_to_recordset($1::jsonb) as r(${CHAINED_ROW_COLUMNS})
    where ${HEAD_IS_NEWEST}`,
};

/**
 * Audit rows chained after `head`, as a clause for a statement of the caller's (`with audit as
 * (…)`), to be run in a transaction that holds the chain's lock since a statement before (as
 * `lockLinkHeadThenAuditChain` takes it): that statement's `head` may be stale, this one's snapshot is
 * not, so the clause inserts every row (returning one `1` each) or, if the head moved, none.
 * Then `appendAuditRows` appends them anew.
 *
 * @example
 * const audit = auditRowsAfter(head, chainAuditRows(rows, head));
 * const { rows: [r] } = await sql`with audit as (${audit}) select count(*) as n from audit`.execute(trx);
 * if (Number(r.n) < rows.length) await appendAuditRows(trx, rows);
 */
export function auditRowsAfter(head: Head, rows: readonly ChainedRow[]): RawBuilder<unknown> {
  return sql`insert into audit_log
    select r.* from (select ${head?.id ?? null}::int8 as id, ${head?.hash ?? null}::text as hash) as head,
      jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${sql.raw(CHAINED_ROW_COLUMNS)})
    where ${sql.raw(HEAD_IS_NEWEST)}
    returning 1`;
}

/** Inserts chained rows, as stored, after `head` (see INSERT_AFTER); answers whether they went in. */
export async function insertAuditRowsAfter(
  db: Kysely<Database>,
  head: Head,
  rows: readonly ChainedRow[],
): Promise<boolean> {
  try {
    const { rowCount } = await runPrepared(db, INSERT_AFTER, [
      JSON.stringify(rows),
      head?.id ?? null,
      head?.hash ?? null,
    ]);
    return rowCount === rows.length;
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return false; // unique_violation: the chain moved on
    throw err;
  }
}

/** At most this many rows per group commit. */
const MAX_GROUP = 500;

/** One database's group commit, and the chain head as its last commit left it. */
interface GroupCommit {
  runner: GroupRunner<NewAuditRow, { id: number; hash: string }>;
  head: Head | null;
}
const groups = new WeakMap<Kysely<Database>, GroupCommit>();

/**
 * Appends a row in a transaction of its own (reads, refusals, errors after a rollback) and resolves
 * once it is committed. Rows arriving while a commit is under way are committed together in the next
 * one (group commit): under concurrent reads the chain's lock and the commit's fsync are paid once
 * per group instead of once per call, and every caller still answers only after its row is durable.
 * A group is one INSERT chained to the head the previous group left, so it costs one round trip;
 * when another writer has appended since, the head is read again and the group chained anew.
 */
export function appendAuditRowAlone(
  db: Kysely<Database>,
  row: NewAuditRow,
): Promise<{ id: number; hash: string }> {
  let group = groups.get(db);
  if (!group) {
    const g: GroupCommit = {
      head: null,
      runner: new GroupRunner((rows) => commitGroup(db, g, rows), { maxGroup: MAX_GROUP }),
    };
    group = g;
    groups.set(db, group);
  }
  return group.runner.add(row);
}

async function commitGroup(db: Kysely<Database>, group: GroupCommit, rows: NewAuditRow[]) {
  let head = group.head ?? (await readAuditHead(db));
  for (;;) {
    const chained = chainAuditRows(rows, head);
    if (await insertAuditRowsAfter(db, head, chained)) {
      group.head = chained.at(-1)!;
      return chained.map(({ id, hash }) => ({ id, hash }));
    }
    head = await readAuditHead(db);
  }
}
