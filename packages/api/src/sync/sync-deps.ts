import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { EventsDeps } from '../events/events-deps.ts';
import type { Signer } from '../keys/signer.ts';
import type { NodeMetrics } from '../metrics/node-metrics.ts';
import type { PeerKeys } from '../peer/peer-keys.ts';

/** What the links to partners need from the node, on top of the events core. */
export interface SyncDeps extends EventsDeps {
  /** The pool (not a transaction): incidents and replay guards must outlive a refused call. */
  db: Kysely<Database>;
  clock: Clock;
  signer: Signer;
  peerKeys: PeerKeys;
  /** Figures sync reports as they happen (delivery failures, the heads partners report). */
  metrics?: Pick<NodeMetrics, 'deliveryFailed' | 'peerHead'>;
}

/** Channel on which commits announce new outbound entries (payload: the peer's node id). */
export const OUTBOX_CHANNEL = 'tiemeng_outbox';
