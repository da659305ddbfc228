import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Signer } from '../keys/signer.ts';
import type { NodeMetrics } from '../metrics/node-metrics.ts';
import type { RecordTypeRegistry } from '../records/registry.ts';
import type { HybridLogicalClock } from './hlc.ts';
import type { PeerKeys } from './peer-keys.ts';

/** What the event log needs from the node. */
export interface SyncDeps {
  nodeId: string;
  /** The pool (not a transaction): incidents and replay guards must outlive a refused call. */
  db: Kysely<Database>;
  clock: Clock;
  hlc: HybridLogicalClock;
  signer: Signer;
  peerKeys: PeerKeys;
  records: RecordTypeRegistry;
  /** Figures sync reports as they happen (delivery failures, the heads partners report). */
  metrics?: Pick<NodeMetrics, 'deliveryFailed' | 'peerHead'>;
}

/** Channel on which commits announce new outbound entries (payload: the peer's node id). */
export const OUTBOX_CHANNEL = 'tiemeng_outbox';
