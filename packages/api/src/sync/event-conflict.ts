import type { EventRow } from '../events/sql/insert-event.ts';

/** What is stored already of a batch's events: their ids taken, and the types of their records. */
export interface StoredEvents {
  ids: ReadonlySet<string>;
  recordTypes: ReadonlyMap<string, string>;
}

/**
 * The first of a peer's new events that contradicts what is stored, and why: an event id already
 * taken (its event would be dropped while its entry was kept), or a record given another type than it
 * has (its history would no longer fold). Undefined when none does.
 *
 * @example
 * eventConflict([{ id: 'e1', recordId: 'r1', recordType: 'x', … }], { ids: new Set(['e1']), recordTypes: new Map() });
 * // { index: 0, detail: 'event e1 is already stored' }
 */
export function eventConflict(
  events: readonly EventRow[],
  stored: StoredEvents,
): { index: number; detail: string } | undefined {
  const ids = new Set(stored.ids);
  const types = new Map(stored.recordTypes);
  for (const [index, e] of events.entries()) {
    if (ids.has(e.id)) return { index, detail: `event ${e.id} is already stored` };
    const type = types.get(e.recordId);
    if (type !== undefined && type !== e.recordType) {
      return { index, detail: `record ${e.recordId} is a ${type}, not a ${e.recordType}` };
    }
    ids.add(e.id);
    types.set(e.recordId, e.recordType);
  }
  return undefined;
}
