import pg from 'pg';
import type { Logger } from 'pino';
import { PeerCallError, type PeerClient } from '../peer/peer-client.ts';
import { MAX_BATCH } from './apply-entries.ts';
import { type SendOutcome, streamLink } from './link-stream.ts';
import { peerHeadDivergence } from './peer-head-check.ts';
import { pullInbound } from './pull-inbound.ts';
import { recoverOwnLink } from './recover-own-link.ts';
import { readLinkHead } from './sql/lock-link-head.ts';
import { OUTBOX_CHANNEL, type SyncDeps } from './sync-deps.ts';

export interface DeliveryOptions {
  connectionString: string;
  log: Logger;
  batchSize?: number;
  /** Safety-net pull of each inbound link. */
  pullIntervalMs?: number;
  /** Poll for work even without a wake-up (another process's NOTIFY may be missed while reconnecting). */
  idlePollMs?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * A peer that cannot be reached is logged as a warning once it has been so this long (a peer
   * restarting is not news; before that, as info). Any other failure is a warning at once.
   */
  warnUnreachableAfterMs?: number;
}

/**
 * Sends each outbound link to its peer: wakes on commit (LISTEN/NOTIFY), one in-flight batch per link
 * (claimed with a row lock, so several processes on one database never double-send), backs off with
 * jitter while the peer is down, and pulls inbound links periodically as a safety net.
 */
export class DeliveryWorker {
  readonly #deps: SyncDeps;
  readonly #peers: PeerClient[];
  readonly #opts: Required<DeliveryOptions>;
  readonly #wakers = new Map<string, () => void>();
  readonly #backingOff = new Set<string>();
  #loops: Promise<void>[] = [];
  #listener: pg.Client | undefined;
  /** Links told to send since their last attempt began. */
  readonly #woken = new Set<string>();
  #stopped = false;

  constructor(deps: SyncDeps, peers: PeerClient[], options: DeliveryOptions) {
    this.#deps = deps;
    this.#peers = peers;
    this.#opts = {
      batchSize: Math.min(options.batchSize ?? 200, MAX_BATCH),
      pullIntervalMs: 10_000,
      idlePollMs: 2_000,
      baseBackoffMs: 250,
      // Capped so a partition that heals is noticed within two seconds even when the partner does
      // not announce itself (one small call per second or two to a peer that is down costs little).
      maxBackoffMs: 2_000,
      warnUnreachableAfterMs: 10_000,
      ...options,
    } as Required<DeliveryOptions>;
  }

  async start(): Promise<void> {
    for (const peer of this.#peers) {
      await this.#deps.db
        .insertInto('peer_delivery')
        .values({ peer: peer.nodeId })
        .onConflict((oc) => oc.column('peer').doNothing())
        .execute();
    }
    await this.#listen();
    this.#loops = this.#peers.map((peer) => this.#run(peer));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const wake of this.#wakers.values()) wake();
    await Promise.allSettled(this.#loops);
    await this.#listener?.end().catch(() => {});
  }

  /**
   * The peer has just shown itself alive (it called us, e.g. announcing its start): a link backing
   * off from failures to reach it tries again at once instead of waiting out its delay.
   */
  peerReachable(peer: string): void {
    if (!this.#backingOff.delete(peer)) return;
    this.wake(peer);
  }

  /** Ask for an immediate attempt (ignored while the link is backing off from failures). */
  wake(peer: string): void {
    if (this.#backingOff.has(peer)) return;
    // Remembered, so a commit announced while the link is busy sending is not slept through.
    this.#woken.add(peer);
    this.#wakers.get(peer)?.();
  }

  async #listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#opts.connectionString });
    // A lost connection is expected when the database stops (e.g. Ctrl-C reaches an embedded one
    // too): its message says enough, a stack would not.
    client.on('error', (err: Error & { code?: string }) =>
      this.#opts.log.warn({ code: err.code, reason: err.message }, 'outbox listener lost; polling continues'),
    );
    client.on('notification', (n) => n.payload && this.wake(n.payload));
    await client.connect();
    await client.query(`listen ${OUTBOX_CHANNEL}`);
    this.#listener = client;
  }

  async #run(peer: PeerClient): Promise<void> {
    let failures = 0;
    let failingSince = 0;
    let verifyHead = true;
    let lastPull = 0;
    let inboundAtLastPull = 0;
    while (!this.#stopped) {
      let delay = this.#opts.idlePollMs;
      this.#woken.delete(peer.nodeId);
      try {
        if (Date.now() - lastPull >= this.#opts.pullIntervalMs) {
          lastPull = Date.now();
          inboundAtLastPull = await this.#pullIfStalled(peer, inboundAtLastPull);
        }
        const outcome = await this.#sendOnce(peer, verifyHead);
        verifyHead = false;
        failures = 0;
        failingSince = 0;
        this.#backingOff.delete(peer.nodeId);
        if (outcome === 'more') delay = 0;
      } catch (err) {
        if (err instanceof PeerCallError && err.appCode === 'SEQ_GAP') {
          verifyHead = true; // the peer is behind what we believed: re-read its head and resend
          delay = 0;
        } else {
          failures++;
          failingSince ||= Date.now();
          // Measured before the status write, so a slow database does not make the first failure look long.
          const failingForMs = Date.now() - failingSince;
          verifyHead = true;
          delay = this.#backoff(failures);
          this.#backingOff.add(peer.nodeId);
          await this.#recordFailure(peer.nodeId, err, delay).catch(() => {});
          this.#deps.metrics?.deliveryFailed(
            peer.nodeId,
            err instanceof PeerCallError ? err.appCode : 'INTERNAL',
          );
          const brief =
            err instanceof PeerCallError &&
            err.appCode === 'UNREACHABLE' &&
            failingForMs < this.#opts.warnUnreachableAfterMs;
          this.#opts.log[brief ? 'info' : 'warn'](
            { peer: peer.nodeId, failures, failingForMs, retryInMs: delay, err: (err as Error).message },
            'delivery failed',
          );
        }
      }
      if (delay > 0 && !this.#stopped) await this.#sleep(peer.nodeId, delay);
    }
  }

  /**
   * The safety net: pulls the inbound link if the peer's pushes have not moved it since the last pull.
   * A failing pull (the peer's link refused, an incident recorded) does not stop our own link: it is
   * logged and kept as the link's `last_pull_error` (shown by `sync.status`), and delivery goes on.
   * Answers our inbound head.
   */
  async #pullIfStalled(peer: PeerClient, inboundAtLastPull: number): Promise<number> {
    const inbound = (await readLinkHead(this.#deps.db, peer.nodeId, this.#deps.nodeId)).seq;
    if (inbound !== inboundAtLastPull) return inbound;
    let error: string | null = null;
    let head = inbound;
    try {
      head += await pullInbound(this.#deps, peer, this.#opts.batchSize, inbound);
    } catch (err) {
      error = (err as Error).message.slice(0, 500);
      // An unreachable peer is reported by the send that follows.
      if (!(err instanceof PeerCallError && err.appCode === 'UNREACHABLE'))
        this.#opts.log.warn({ peer: peer.nodeId, err: error }, 'pull failed');
    }
    await this.#deps.db
      .updateTable('peer_delivery')
      .set({ last_pull_at: this.#deps.clock.now(), last_pull_error: error })
      .where('peer', '=', peer.nodeId)
      .execute();
    return head;
  }

  async #sendOnce(peer: PeerClient, verifyHead: boolean): Promise<SendOutcome | 'idle' | 'busy'> {
    const { db, nodeId } = this.#deps;
    return db.transaction().execute(async (trx) => {
      const claim = await trx
        .selectFrom('peer_delivery')
        .selectAll()
        .where('peer', '=', peer.nodeId)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!claim) return 'busy'; // another process is sending this link right now
      const local = await readLinkHead(trx, nodeId, peer.nodeId);
      let acked = claim.acked_seq;
      if (verifyHead) acked = await this.#checkedPeerHead(trx, peer);
      if (acked >= local.seq) {
        // A peer that answered `heads` is reachable again, even if it caught up by pulling.
        const reachable = verifyHead
          ? { last_success_at: this.#deps.clock.now(), last_error: null, failures: 0, next_retry_at: null }
          : {};
        if (verifyHead || acked !== claim.acked_seq)
          await trx
            .updateTable('peer_delivery')
            .set({ acked_seq: acked, ...reachable })
            .where('peer', '=', peer.nodeId)
            .execute();
        return 'idle';
      }
      return streamLink({
        deps: this.#deps,
        trx,
        peer,
        acked,
        localSeq: local.seq,
        batchSize: this.#opts.batchSize,
        stopped: () => this.#stopped,
      });
    });
  }

  /** The peer's head of our link is the checkpoint; it must be an entry we really sent. */
  async #checkedPeerHead(trx: Parameters<typeof readLinkHead>[0], peer: PeerClient): Promise<number> {
    const { inbound, outbound } = await peer.heads();
    // Their link's head is only a figure for metrics; an answer without it still serves ours.
    if (typeof outbound?.seq === 'number')
      this.#deps.metrics?.peerHead(peer.nodeId, outbound.seq, this.#deps.clock.now());
    if (inbound.seq === 0) return 0;
    // Our head read after the peer answered: an entry appended meanwhile may already be there by its pull.
    let local = await readLinkHead(trx, this.#deps.nodeId, peer.nodeId);
    if (inbound.seq > local.seq) {
      // The peer holds more of our link than we do (we were restored from a backup): take it back.
      const recovered = await recoverOwnLink(this.#deps, peer, inbound);
      if (recovered > 0)
        this.#opts.log.warn({ peer: peer.nodeId, recovered }, 'own entries recovered from the partner');
      local = await readLinkHead(this.#deps.db, this.#deps.nodeId, peer.nodeId);
    }
    if (await peerHeadDivergence(this.#deps, trx, peer.nodeId, inbound, local.seq)) {
      throw new PeerCallError(
        'DIVERGENCE',
        `${peer.nodeId}'s head of our link diverges at seq ${inbound.seq}`,
      );
    }
    return inbound.seq;
  }

  async #recordFailure(peer: string, err: unknown, delayMs: number): Promise<void> {
    const now = this.#deps.clock.now();
    await this.#deps.db
      .updateTable('peer_delivery')
      .set((eb) => ({
        failures: eb('failures', '+', 1),
        last_error: err instanceof Error ? err.message.slice(0, 500) : String(err),
        last_attempt_at: now,
        next_retry_at: new Date(now.getTime() + delayMs),
      }))
      .where('peer', '=', peer)
      .execute();
  }

  /** Exponential backoff with jitter (half fixed, half random) so retries of many links spread out. */
  #backoff(failures: number): number {
    const ceiling = Math.min(this.#opts.maxBackoffMs, this.#opts.baseBackoffMs * 2 ** (failures - 1));
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  #sleep(peer: string, ms: number): Promise<void> {
    if (this.#woken.has(peer)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wakers.set(peer, done);
    });
  }
}
