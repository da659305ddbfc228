import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';
import { AUDIT_LOCK } from '../audit/sql/append-audit-row.ts';

/**
 * How many sessions hold (`granted`) or wait for an advisory lock on `db`'s database right now:
 * the one taken with `key` (a key below 2^32, as `AUDIT_LOCK`), or any.
 *
 * @example
 * while ((await advisoryLocks(db, false)) === 0) await sleep(10); // until someone waits for a lock
 */
export async function advisoryLocks(db: Kysely<Database>, granted: boolean, key?: number): Promise<number> {
  const keyed = key === undefined ? sql`` : sql`and classid = 0 and objid = ${key} and objsubid = 1`;
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_locks
    where locktype = 'advisory' ${keyed} and granted = ${granted}
      and database = (select oid from pg_database where datname = current_database())`.execute(db);
  return rows[0]!.n;
}

/**
 * How many sessions hold (`granted`) or wait for the audit chain's lock on `db`'s database right now.
 *
 * @example
 * while ((await auditLocks(db, false)) === 0) await sleep(10); // until an append waits for the chain
 */
export function auditLocks(db: Kysely<Database>, granted: boolean): Promise<number> {
  return advisoryLocks(db, granted, AUDIT_LOCK);
}
