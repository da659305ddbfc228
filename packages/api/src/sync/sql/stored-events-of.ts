import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';

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
  const ids = await db
    .selectFrom('event')
    .select('id')
    .where('id', 'in', [...eventIds])
    .execute();
  const types = await db
    .selectFrom('event')
    .select(['record_id', 'record_type'])
    .distinct()
    .where('record_id', 'in', [...new Set(recordIds)])
    .execute();
  return {
    ids: new Set(ids.map((r) => r.id)),
    recordTypes: new Map(types.map((r) => [r.record_id, r.record_type])),
  };
}
