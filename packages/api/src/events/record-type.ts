import type { EventActor } from '@tiemeng/db';

/** An event as every fold sees it, in canonical order `(hlc, author, id)`. */
export interface RecordEvent {
  id: string;
  author: string;
  hlc: string;
  /** The author's clock time of the event (from the HLC stamp). */
  at: Date;
  kind: string;
  actor: EventActor;
  data: unknown;
}

export interface FoldOutput<S> {
  /** The node that created the record. */
  owner: string;
  /** Node ids that receive the record's events (owner included). */
  parties: string[];
  status: string;
  state: S;
  /** Events that break a business rule: stored, shown, but without effect. eventId → reason. */
  rejected: Record<string, string>;
  /** Which rule each rejected event broke, where the fold says: a node off the record's side, or a step its state does not allow. */
  refusals?: Record<string, { code: 'NOT_PARTY' | 'ILLEGAL_TRANSITION'; reason: string }>;
}

/**
 * A record type: a pure fold from events to state. The same fold decides, on every node, which
 * events take effect, and also vets a local command before it is appended.
 *
 * @example
 * registerRecordType({ type: 'note', fold: (events) => ({ owner, parties, status, state, rejected }) });
 */
export interface RecordType<S = unknown> {
  type: string;
  fold(events: readonly RecordEvent[]): FoldOutput<S>;
  /** Whether an officer of `station` should see the record on the live feed; all parties' officers when absent. */
  concernsStation?(state: S, station: string): boolean;
  /** A few fields for feeds and lists, without personal data. */
  headline?(state: S): Record<string, unknown>;
  /** What the record contributes to the joint statistics (see stats/metrics.ts); none when absent. */
  facts?(fold: FoldOutput<S>): StatFact[];
}

/**
 * One contribution of a record to a statistic, timed by the author's event time so both nodes agree.
 * `fromNode → toNode` is the direction (e.g. requester → addressed); `station` the owning station.
 */
export interface StatFact {
  /** A metric the statistics define (records/metrics.ts); stored as its name. */
  metric: string;
  at: string;
  fromNode: string;
  toNode: string;
  station: string;
  category?: string | null;
  priority?: string | null;
  value: number;
}

/** Canonical event order, identical on every node. */
export function compareEvents(
  a: Pick<RecordEvent, 'hlc' | 'author' | 'id'>,
  b: Pick<RecordEvent, 'hlc' | 'author' | 'id'>,
) {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  if (a.author !== b.author) return a.author < b.author ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
