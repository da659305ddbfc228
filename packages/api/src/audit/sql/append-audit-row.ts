import type { Database } from '@tiemeng/db';
import { type Kysely, sql, type Transaction } from 'kysely';
import { AUDIT_GENESIS, type AuditContent, auditRowHash } from '../audit-chain.ts';
import { readAuditHead } from './read-audit-head.ts';

/** Serialises appends so the chain never forks; held only until the caller's transaction commits. */
const AUDIT_LOCK = 0x61756474; // 'audt'

export type NewAuditRow = Omit<AuditContent, 'id'>;

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
  await lockAuditChain(trx);
  const head = await readAuditHead(trx);
  const { rows: ids } = await sql<{ id: number }>`
    select nextval('audit_log_id_seq')::int8 as id from generate_series(1, ${rows.length})`.execute(trx);
  const sortedIds = ids.map((r) => Number(r.id)).sort((a, b) => a - b);
  let prevHash = head?.hash ?? AUDIT_GENESIS;
  const values = rows.map((row, i) => {
    const id = sortedIds[i]!;
    const hash = auditRowHash({ ...row, id }, prevHash);
    const value = {
      id,
      at: row.at,
      node_id: row.nodeId,
      actor_type: row.actorType as 'officer',
      actor_id: row.actorId,
      procedure: row.procedure,
      record_ids: [...row.recordIds],
      outcome: row.outcome as 'ok',
      error_code: row.errorCode,
      request_id: row.requestId,
      input_hash: row.inputHash,
      prev_hash: prevHash,
      hash,
    };
    prevHash = hash;
    return value;
  });
  await trx.insertInto('audit_log').values(values).execute();
  return values.map((v) => ({ id: v.id, hash: v.hash }));
}

/** Appends one row to the audit chain inside the caller's transaction (writes: same transaction as the change). */
export async function appendAuditRow(
  trx: Transaction<Database>,
  row: NewAuditRow,
): Promise<{ id: number; hash: string }> {
  return (await appendAuditRows(trx, [row]))[0]!;
}

interface Waiting {
  row: NewAuditRow;
  resolve(value: { id: number; hash: string }): void;
  reject(err: unknown): void;
}

/** At most this many rows per group commit. */
const MAX_GROUP = 500;
const groups = new WeakMap<Kysely<Database>, { waiting: Waiting[]; flushing: boolean }>();

/**
 * Appends a row in a transaction of its own (reads, refusals, errors after a rollback) and resolves
 * once it is committed. Rows arriving while a commit is under way are committed together in the next
 * one (group commit): under concurrent reads the chain's lock and the commit's fsync are paid once
 * per group instead of once per call, and every caller still answers only after its row is durable.
 */
export function appendAuditRowAlone(
  db: Kysely<Database>,
  row: NewAuditRow,
): Promise<{ id: number; hash: string }> {
  let group = groups.get(db);
  if (!group) {
    group = { waiting: [], flushing: false };
    groups.set(db, group);
  }
  const g = group;
  return new Promise((resolve, reject) => {
    g.waiting.push({ row, resolve, reject });
    if (!g.flushing) void flush(db, g);
  });
}

async function flush(db: Kysely<Database>, g: { waiting: Waiting[]; flushing: boolean }): Promise<void> {
  g.flushing = true;
  try {
    while (g.waiting.length > 0) {
      const batch = g.waiting.splice(0, MAX_GROUP);
      try {
        const written = await db.transaction().execute((trx) =>
          appendAuditRows(
            trx,
            batch.map((w) => w.row),
          ),
        );
        batch.forEach((w, i) => {
          w.resolve(written[i]!);
        });
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
  } finally {
    g.flushing = false;
  }
}
