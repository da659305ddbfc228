import type { PeerConfig } from '../config/node-config.ts';
import type { Signer } from '../keys/signer.ts';
import { PeerClient, type PeerMeter } from '../peer/peer-client.ts';
import type { RecordDigest } from './record-digest.ts';
import type { ExchangeAnswer, ExchangeMessage } from './set-reconcile.ts';

export interface InspectAnswer {
  records: RecordDigest[];
  /** Records the peer refolded because its projection did not match its events. */
  repaired: string[];
  /** Events the peer restored from link entries it held. */
  restored: string[];
}

/**
 * The peer's `reconcile.*` and `sync.*` procedures for one run, over one metered client so the report
 * can say how many calls and bytes (request + response bodies) the run cost. Mutations (POST) where a
 * body may outgrow a URL, even for reads.
 */
export class ReconcilePeer {
  readonly meter: PeerMeter = { calls: 0, sent: 0, received: 0 };
  readonly client: PeerClient;

  constructor(signer: Signer, peer: PeerConfig) {
    this.client = new PeerClient(signer, peer, this.meter);
  }

  get nodeId(): string {
    return this.client.nodeId;
  }

  exchange(message: ExchangeMessage): Promise<ExchangeAnswer> {
    return this.client.call('POST', 'reconcile.exchange', message);
  }

  /** The peer's state hash and events of each record; `restore` asks it to restore those events first. */
  inspect(ids: readonly string[], restore: readonly string[] = []): Promise<InspectAnswer> {
    return this.client.call('POST', 'reconcile.inspect', { ids, restore });
  }

  /**
   * Records of which the peer holds a signed link entry with us but lost the event row: the peer
   * checks its own tables, since nothing we hold can show what it lacks.
   */
  async lost(): Promise<string[]> {
    const { ids } = await this.client.call<{ ids: unknown }>('GET', 'reconcile.lost');
    // A peer's answer chooses records to inspect; only well-formed ids, at most what we would send.
    return Array.isArray(ids)
      ? ids.filter((id): id is string => typeof id === 'string' && UUID.test(id))
      : [];
  }

  /** Hands the peer our signed audit head; it answers with its own. */
  anchor(jws: string | null): Promise<{ anchor: string | null }> {
    return this.client.call('POST', 'reconcile.anchor', { jws });
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A snapshot of a meter, to attribute costs to the phases of a run. */
export function meterDelta(meter: PeerMeter, since: PeerMeter) {
  return {
    roundTrips: meter.calls - since.calls,
    bytesSent: meter.sent - since.sent,
    bytesReceived: meter.received - since.received,
  };
}
