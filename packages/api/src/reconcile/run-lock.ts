import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';
import { TiemengError } from '../errors/index.ts';

/**
 * Runs `fn` holding the reconciliation lock of `peer`: one run per peer at a time across every API
 * process on this database. A session-level advisory lock on one dedicated connection, held for the
 * whole run (which spans many transactions and peer calls); if the process dies the connection closes
 * and the lock goes with it. A run already holding it → ALREADY_RUNNING, at once rather than queued.
 */
export async function withRunLock<T>(db: Kysely<Database>, peer: string, fn: () => Promise<T>): Promise<T> {
  const key = `tiemeng.reconcile:${peer}`;
  return db.connection().execute(async (conn) => {
    const { rows } = await sql<{ locked: boolean }>`
      select pg_try_advisory_lock(hashtextextended(${key}, 0)) as locked`.execute(conn);
    if (!rows[0]?.locked) {
      throw new TiemengError('ALREADY_RUNNING', {
        message: `A reconciliation with ${peer} is already running`,
        details: { peer },
      });
    }
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(hashtextextended(${key}, 0))`.execute(conn).catch(() => {});
    }
  });
}
