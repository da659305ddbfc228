import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';

/** When the newest run with `peer` finished (a scheduled run skips a peer reconciled recently). */
export async function lastFinishedAt(db: Kysely<Database>, peer: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('reconcile_report')
    .select('finished_at')
    .where('peer', '=', peer)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.finished_at;
}
