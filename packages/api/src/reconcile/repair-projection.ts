import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { project, stateHashOf, storeProjections } from '../records/refold.ts';
import type { RecordTypeRegistry } from '../records/registry.ts';
import { loadRecordEvents } from '../records/sql/load-record-events.ts';

/**
 * Refolds a record from its stored events when its projection row does not match them (missing,
 * a wrong state_hash, or content that no longer hashes to it). The caller holds the record's lock.
 * Returns whether the row was rewritten; a sound row is left alone, so the live feed sees no change.
 * Records without events here (or of a type this node does not fold) cannot be refolded: false.
 */
export async function repairProjection(
  trx: Kysely<Database>,
  registry: RecordTypeRegistry,
  recordId: string,
): Promise<boolean> {
  const { type: typeName, events } = await loadRecordEvents(trx, recordId);
  const type = registry.get(typeName);
  if (!type || events.length === 0) return false;
  const fresh = project(type, events);
  const stored = await trx
    .selectFrom('record_projection')
    .select(['record_type', 'owner', 'parties', 'status', 'state', 'timeline', 'state_hash'])
    .where('record_id', '=', recordId)
    .executeTakeFirst();
  const sound =
    stored !== undefined &&
    stored.state_hash === fresh.stateHash &&
    stateHashOf({ ...stored, type: stored.record_type }) === fresh.stateHash;
  if (sound) return false;
  await storeProjections(trx, registry, new Map([[recordId, { type: typeName, events }]]));
  return true;
}
