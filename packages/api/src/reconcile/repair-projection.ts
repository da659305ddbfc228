import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { type ProjectedRecord, project, stateHashOf, writeProjections } from '../events/refold.ts';
import type { RecordTypeRegistry } from '../events/registry.ts';
import { loadRecordsEvents } from '../events/sql/load-record-events.ts';

/**
 * Refolds records from their stored events where the projection row does not match them (missing,
 * a wrong state_hash, or content that no longer hashes to it), with a fixed number of statements.
 * The caller holds the records' locks. Returns the ids of the rows rewritten; sound rows are left
 * alone, so the live feed sees no change. Records without events here (or of a type this node does
 * not fold) cannot be refolded and are not returned.
 */
export async function repairProjections(
  trx: Kysely<Database>,
  registry: RecordTypeRegistry,
  recordIds: readonly string[],
): Promise<string[]> {
  if (recordIds.length === 0) return [];
  const stored = await loadRecordsEvents(trx, recordIds);
  const rows = await trx
    .selectFrom('record_projection')
    .select(['record_id', 'record_type', 'owner', 'parties', 'status', 'state', 'timeline', 'state_hash'])
    .where('record_id', 'in', recordIds)
    .execute();
  const rowById = new Map(rows.map((r) => [r.record_id, r]));
  const unsound: ProjectedRecord[] = [];
  for (const recordId of recordIds) {
    const record = stored.get(recordId);
    const type = record && registry.get(record.type);
    if (!record || !type) continue;
    const fresh = project(type, record.events);
    const row = rowById.get(recordId);
    const sound =
      row !== undefined &&
      row.state_hash === fresh.stateHash &&
      stateHashOf({ ...row, type: row.record_type }) === fresh.stateHash;
    if (!sound) unsound.push({ recordId, typeName: record.type, events: record.events, p: fresh });
  }
  await writeProjections(trx, unsound);
  return unsound.map((x) => x.recordId);
}
