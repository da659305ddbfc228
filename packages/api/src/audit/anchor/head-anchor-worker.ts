import type { Logger } from 'pino';
import type { PeerClient } from '../../peer/peer-client.ts';
import { type AnchorDeps, signOwnHead } from './anchor-witness.ts';

/** How often our audit head goes to every peer, busy or idle: a truncated tail shows within this. */
export const HEAD_ANCHOR_INTERVAL_MS = 30_000;
/** How far the node clock may move apart from elapsed time in a round before the round is skipped. */
const MAX_DRIFT_MS = 5_000;

/**
 * Sends our signed audit head to every peer every {@link HEAD_ANCHOR_INTERVAL_MS} (`reconcile.headAnchor`).
 * Each peer keeps the newest as our witness and hands it back to our `audit.verify` with the anchors
 * of reconciliation runs: rows removed from the end of our chain after it was sent are then missing
 * there, and a head sent after them goes back, which the peer records as an incident. Reconciliation
 * anchors alone came hourly, and only from a run that happened.
 */
export class HeadAnchorWorker {
  readonly #deps: AnchorDeps;
  readonly #peers: readonly PeerClient[];
  readonly #log: Logger;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #sending: Promise<void> | undefined;
  #stopped = false;

  constructor(deps: AnchorDeps, peers: readonly PeerClient[], options: { log: Logger; intervalMs?: number }) {
    this.#deps = deps;
    this.#peers = peers;
    this.#log = options.log;
    this.#intervalMs = options.intervalMs ?? HEAD_ANCHOR_INTERVAL_MS;
  }

  start(): void {
    if (this.#stopped || this.#peers.length === 0) return;
    const clockAt = this.#deps.clock.now().getTime();
    const elapsedAt = performance.now();
    this.#timer = setTimeout(() => {
      // A node clock that moved apart from elapsed time (the demo's seeding clock jumping) skips a
      // round: a node token signed before a jump would be refused after it.
      const drift = this.#deps.clock.now().getTime() - clockAt - (performance.now() - elapsedAt);
      const round = Math.abs(drift) > MAX_DRIFT_MS ? Promise.resolve() : this.sendNow();
      this.#sending = round.finally(() => {
        this.#sending = undefined;
        this.start();
      });
    }, this.#intervalMs);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#sending;
  }

  /** Signs our current head for each peer and sends it; a peer that cannot be reached is tried next time. */
  async sendNow(): Promise<void> {
    await Promise.all(
      this.#peers.map(async (peer) => {
        try {
          const head = await signOwnHead(this.#deps, peer.nodeId);
          if (head) await peer.call('POST', 'reconcile.headAnchor', { jws: head.jws });
        } catch (err) {
          this.#log.warn({ peer: peer.nodeId, err: (err as Error).message }, 'audit head not sent');
        }
      }),
    );
  }
}
