import type { Database, EventActor, TimelineEntry } from '@tiemeng/db';
import type { Kysely, Transaction } from 'kysely';
import type { NewAuditRow } from '../audit/sql/append-audit-row.ts';
import type { HybridLogicalClock } from './hlc.ts';
import type { RecordTypeRegistry } from './registry.ts';

/** An event just authored here, as the links to the record's other parties carry it. */
export interface AuthoredEvent {
  id: string;
  recordType: string;
  recordId: string;
  hlc: string;
  kind: string;
  actor: EventActor;
  data: unknown;
  /** The trace of the call that authored it, which its delivery continues. */
  traceId: string | null;
}

/** An authored event and the partners whose links carry it. */
export interface OutgoingEvent {
  event: AuthoredEvent;
  peers: readonly string[];
}

/** A timeline entry with its event's data and the state of its signature. */
export interface SignedTimelineEntry extends TimelineEntry {
  data: unknown;
  /** `verified`: the peer's signature checks out now; `signed`: authored and signed here. */
  signature: { status: 'verified' | 'signed' | 'invalid'; kid: string | null; detail?: string };
  /**
   * The stored signed link entry, for a client to verify itself against the author's JWKS (`keys.jwks`);
   * `delivered`: the partner holds it (always for its own steps; ours once it acknowledged them).
   */
  entry: { jws: string; from: string; to: string; seq: number; delivered: boolean } | null;
}

/**
 * What the events core asks of the layer that carries events to partners (sync's signed links). The
 * core appends and folds; it neither signs nor knows what a link is.
 */
export interface EventLinks {
  /**
   * Appends events, in order, to the link of each of their peers, in the caller's transaction. Each
   * link's head is locked once for all of them, until commit. The calls' `audit` rows are appended
   * with them, after the links' locks (the order every writer takes them in), so that the links'
   * heads are held no longer for them.
   */
  append(
    trx: Transaction<Database>,
    events: readonly OutgoingEvent[],
    audit: readonly NewAuditRow[],
  ): Promise<void>;
  /** A record's timeline with each event's data, its signature checked now. */
  signedTimeline(db: Kysely<Database>, timeline: readonly TimelineEntry[]): Promise<SignedTimelineEntry[]>;
}

/** What appending and reading events needs from the node. */
export interface EventsDeps {
  nodeId: string;
  hlc: HybridLogicalClock;
  records: RecordTypeRegistry;
  links: EventLinks;
}
