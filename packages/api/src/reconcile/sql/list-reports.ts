import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';

/** Reports newest first (one more than `limit`, so the caller knows whether a next page exists). */
export function listReports(
  db: Kysely<Database>,
  filter: { peer?: string; beforeId?: number; limit: number },
) {
  let q = db
    .selectFrom('reconcile_report')
    .select([
      'id',
      'peer',
      'started_at',
      'finished_at',
      'duration_ms',
      'started_by_type',
      'started_by_id',
      'started_by_name',
      'outcome',
      'records_compared',
      'buckets',
      'round_trips',
      'bytes_sent',
      'bytes_received',
      'differences',
      'repaired',
      'incidents',
    ])
    // A list shows the run's figures; its detail (every difference) is for `report`.
    .select(sql<{ error: string | null }>`jsonb_build_object('error', detail->'error')`.as('detail'))
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
  if (filter.peer) q = q.where('peer', '=', filter.peer);
  if (filter.beforeId) q = q.where('id', '<', filter.beforeId);
  return q.execute();
}
