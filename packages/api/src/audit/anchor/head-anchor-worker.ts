import type { Logger } from 'pino';
import type { PeerClient } from '../../peer/peer-client.ts';
import { type AnchorDeps, signOwnHead } from './anchor-witness.ts';

/** How often our audit head goes to every peer, busy or idle: a truncated tail shows within this. */
export const HEAD_ANCHOR_INTERVAL_MS = 30_000;
/** How far the node clock may move apart from elapsed time in a round before the round is skipped. */
const MAX_DRIFT_MS = 5_000;

/**
 * Sends our signed audit head to every peer every {@link HEAD_ANCHOR_INTERVAL_MS}, busy or idle
 * (`reconcile.headAnchor`); every delivery batch carries it besides (`sync.push`'s `auditHead`, see
 * the delivery worker). Each peer keeps the newest as our witness and hands it back to our
 * `audit.verify` with the anchors of reconciliation runs: rows removed from the end of our chain after
 * it was sent are then missing there, and a head sent after them goes back, which the peer records as
 * an incident. Reconciliation anchors alone came hourly, and only from a run that happened.
 */
export class HeadAnchorWorker {
  readonly #deps: AnchorDeps;
  readonly #peers: readonly PeerClient[];
  readonly #log: Logger;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #sending: Promise<void> | undefined;
  #stopped = false;

  readonly #active: () => boolean;

  /**
   * @param options.active whether heads may be sent now (default always): a node held back while
   *   the demo seeds its history on a jumping clock sends none, since a node token signed before a
   *   jump is refused after it.
   */
  constructor(
    deps: AnchorDeps,
    peers: readonly PeerClient[],
    options: { log: Logger; intervalMs?: number; active?: () => boolean },
  ) {
    this.#deps = deps;
    this.#peers = peers;
    this.#log = options.log;
    this.#intervalMs = options.intervalMs ?? HEAD_ANCHOR_INTERVAL_MS;
    this.#active = options.active ?? (() => true);
  }

  start(): void {
    if (this.#stopped || this.#peers.length === 0) return;
    const clockAt = this.#deps.clock.now().getTime();
    const elapsedAt = performance.now();
    this.#timer = setTimeout(() => {
      // A node clock that moved apart from elapsed time (the demo's seeding clock jumping) skips a
      // round: a node token signed before a jump would be refused after it.
      const drift = this.#deps.clock.now().getTime() - clockAt - (performance.now() - elapsedAt);
      const round = Math.abs(drift) > MAX_DRIFT_MS || !this.#active() ? Promise.resolve() : this.sendNow();
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
    await Promise.all(this.#peers.map((peer) => this.#sendTo(peer)));
  }

  async #sendTo(peer: PeerClient): Promise<void> {
    try {
      const head = await signOwnHead(this.#deps, peer.nodeId);
      if (head) await peer.call('POST', 'reconcile.headAnchor', { jws: head.jws });
    } catch (err) {
      this.#log.warn({ peer: peer.nodeId, err: (err as Error).message }, 'audit head not sent');
    }
  }
}
