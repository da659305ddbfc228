import { hlcTime } from '../events/hlc.ts';
import { compareEvents } from '../events/record-type.ts';
import type { EventRow } from '../events/sql/insert-event.ts';
import type { StoredRecordEvents } from '../events/sql/load-record-events.ts';

/**
 * The records a batch touched with the batch's events added to what was stored of them (read under
 * their locks, before the batch was stored), each in canonical order again: what refolding them
 * reads, without reading it back. A record new to this node has the batch's events alone.
 * `stored` is changed in place and answered.
 */
export function withBatchEvents(
  stored: Map<string, StoredRecordEvents>,
  events: readonly EventRow[],
): Map<string, StoredRecordEvents> {
  const touched = new Set<StoredRecordEvents>();
  for (const e of events) {
    let record = stored.get(e.recordId);
    if (!record) {
      record = { type: e.recordType, events: [] };
      stored.set(e.recordId, record);
    }
    // As the database answers it: the event's clock time, and JSON null for no data.
    const { id, author, hlc, kind, actor } = e;
    record.events.push({ id, author, hlc, at: hlcTime(hlc), kind, actor, data: e.data ?? null });
    touched.add(record);
  }
  for (const record of touched) record.events.sort(compareEvents);
  return stored;
}
