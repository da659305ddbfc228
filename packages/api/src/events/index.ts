/**
 * The events core as record types reach it — their registration interface: what a record type is
 * (its fold over events), the registry it joins, and the one way to append an event. Records import
 * nothing else of `events/`; `sync/` carries the appended events to partners.
 */
export { type AppendCommand, type AppendResult, appendEvent } from './append-event.ts';
export type { EventsDeps, SignedTimelineEntry } from './events-deps.ts';
export {
  compareEvents,
  type FoldOutput,
  type RecordEvent,
  type RecordType,
  type StatFact,
} from './record-type.ts';
export { RecordTypeRegistry } from './registry.ts';
