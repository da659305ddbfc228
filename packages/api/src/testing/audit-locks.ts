import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';
import { AUDIT_LOCK } from '../audit/sql/append-audit-row.ts';

/**
 * How many sessions hold (`granted`) or wait for the audit chain's lock on `db`'s database right now.
 *
 * @example
 * while ((await auditLocks(db, false)) === 0) await sleep(10); // until an append waits for the chain
 */
export async function auditLocks(db: Kysely<Database>, granted: boolean): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_locks
    where locktype = 'advisory' and classid = 0 and objid = ${AUDIT_LOCK} and objsubid = 1
      and granted = ${granted} and database = (select oid from pg_database where datname = current_database())`.execute(
    db,
  );
  return rows[0]!.n;
}
