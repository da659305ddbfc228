import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';

/**
 * What is already stored of incoming events: which of their ids exist, and the type each of their
 * records has here.
 *
 * @example
 * const stored = await storedEventsOf(trx, ['0193…'], ['0193…']);
 * stored.ids.has('0193…'); stored.recordTypes.get('0193…'); // 'assistance'
 */
export async function storedEventsOf(
  db: Kysely<Database>,
  eventIds: readonly string[],
  recordIds: readonly string[],
): Promise<{ ids: Set<string>; recordTypes: Map<string, string> }> {
  if (eventIds.length === 0) return { ids: new Set(), recordTypes: new Map() };
  // Arrays as one parameter each: a batch of thousands of ids stays one short statement.
  const ids = await sql<{ id: string }>`
    select id from event where id = any(${[...eventIds]}::uuid[])`.execute(db);
  const types = await sql<{ record_id: string; record_type: string }>`
    select distinct record_id, record_type from event
     where record_id = any(${[...new Set(recordIds)]}::uuid[])`.execute(db);
  return {
    ids: new Set(ids.rows.map((r) => r.id)),
    recordTypes: new Map(types.rows.map((r) => [r.record_id, r.record_type])),
  };
}
