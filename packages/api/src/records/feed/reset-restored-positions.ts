import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';

/**
 * Resets feed positions (`change_xid`) this PostgreSQL server cannot have given: a database restored
 * from another server keeps that server's transaction ids, which may be ahead of this one's. Left
 * alone, each restored record would be sent to feed followers again, as a change, once this
 * server's transaction ids pass its own. Reset to 0, they sort before every change made here.
 * Idempotent and safe while other processes write: their transactions started after this statement's
 * snapshot are invisible to it. Answers how many records were reset (0 but after a restore).
 *
 * @example
 * const reset = await resetRestoredFeedPositions(db); // at start-up, after migrations
 */
export async function resetRestoredFeedPositions(db: Kysely<Database>): Promise<number> {
  const { numAffectedRows } = await sql`
    update record_projection set change_xid = '0'
    where change_xid >= pg_snapshot_xmax(pg_current_snapshot())`.execute(db);
  return Number(numAffectedRows ?? 0);
}
