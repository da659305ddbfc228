import type { Database } from '@tiemeng/db';
import { type Kysely, sql, type Transaction } from 'kysely';
import { AUDIT_GENESIS, type AuditContent, auditRowHash } from '../audit-chain.ts';

/** Serialises appends so the chain never forks; held only until the caller's transaction commits. */
const AUDIT_LOCK = 0x61756474; // 'audt'

export type NewAuditRow = Omit<AuditContent, 'id'>;

/**
 * Appends one row to the audit chain inside the caller's transaction.
 * Must run in a transaction: the advisory lock lasts until commit.
 */
export async function appendAuditRow(
  trx: Transaction<Database>,
  row: NewAuditRow,
): Promise<{ id: number; hash: string }> {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(trx);
  const head = await trx
    .selectFrom('audit_log')
    .select('hash')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const { rows } = await sql<{ id: number }>`select nextval('audit_log_id_seq')::int8 as id`.execute(trx);
  const id = Number(rows[0]!.id);
  const prevHash = head?.hash ?? AUDIT_GENESIS;
  const hash = auditRowHash({ ...row, id }, prevHash);
  await trx
    .insertInto('audit_log')
    .values({
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
    })
    .execute();
  return { id, hash };
}

/** Appends a row in a transaction of its own (reads, refusals, errors after a rollback). */
export function appendAuditRowAlone(
  db: Kysely<Database>,
  row: NewAuditRow,
): Promise<{ id: number; hash: string }> {
  return db.transaction().execute((trx) => appendAuditRow(trx, row));
}
