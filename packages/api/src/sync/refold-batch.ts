import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { hlcTime } from '../events/hlc.ts';
import { compareEvents } from '../events/record-type.ts';
import { type Projection, storeProjections } from '../events/refold.ts';
import type { RecordTypeRegistry } from '../events/registry.ts';
import type { EventRow } from '../events/sql/insert-event.ts';
import { loadRecordsEvents, type StoredRecordEvents } from '../events/sql/load-record-events.ts';

/**
 * Refolds each record a batch touched once, after its events are stored. A record this node did not
 * hold before the batch has no events but the batch's own, so it is folded from them as they are
 * (a catch-up of new records reads nothing back); the others are folded from the database. The
 * records must be locked, and `storedRecords` read under that lock.
 */
export async function refoldBatch(
  trx: Kysely<Database>,
  registry: RecordTypeRegistry,
  events: readonly EventRow[],
  storedRecords: ReadonlySet<string>,
): Promise<Map<string, Projection>> {
  const fresh = new Map<string, StoredRecordEvents>();
  const held = new Set<string>();
  for (const e of events) {
    if (storedRecords.has(e.recordId)) {
      held.add(e.recordId);
      continue;
    }
    let record = fresh.get(e.recordId);
    if (!record) {
      record = { type: e.recordType, events: [] };
      fresh.set(e.recordId, record);
    }
    // As the database answers it: the event's clock time, and JSON null for no data.
    const { id, author, hlc, kind, actor } = e;
    record.events.push({ id, author, hlc, at: hlcTime(hlc), kind, actor, data: e.data ?? null });
  }
  for (const record of fresh.values()) record.events.sort(compareEvents);
  const records = await loadRecordsEvents(trx, [...held]);
  for (const [recordId, record] of fresh) records.set(recordId, record);
  return storeProjections(trx, registry, records);
}
