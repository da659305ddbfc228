import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { PeerConfig } from '../config/node-config.ts';
import { TiemengError } from '../errors/index.ts';
import { MAX_BATCH } from './apply-entries.ts';
import { readLinkEntries } from './sql/insert-link-entry.ts';
import { readLinkHead } from './sql/lock-link-head.ts';
import type { SyncDeps } from './sync-deps.ts';

/** Read side of sync: heads and pulls for peers, status and incidents for staff. */
export class SyncService {
  readonly deps: SyncDeps;
  readonly #peers: readonly PeerConfig[];
  readonly #contactListeners = new Set<(peer: string) => void>();

  constructor(deps: SyncDeps, peers: readonly PeerConfig[]) {
    this.deps = deps;
    this.#peers = peers;
  }

  /** Calls `listener` with each peer that calls us: it is up, whatever our last attempt to reach it said. */
  onPeerContact(listener: (peer: string) => void): () => void {
    this.#contactListeners.add(listener);
    return () => this.#contactListeners.delete(listener);
  }

  /** Both links shared with `peer`, as this node holds them. */
  async heads(peer: string) {
    for (const listener of this.#contactListeners) listener(peer);
    const { db, nodeId } = this.deps;
    const [inbound, outbound] = await Promise.all([
      readLinkHead(db, peer, nodeId),
      readLinkHead(db, nodeId, peer),
    ]);
    return { inbound, outbound };
  }

  /**
   * Entries of the link this node → `peer` after `afterSeq`; or, when `link` names it, of the peer's
   * own link to us as we hold it (a peer restored from a backup takes back what it signed since).
   * No other link may be read.
   */
  async pull(peer: string, input: { afterSeq: number; limit: number; link?: { from: string; to: string } }) {
    const { db, nodeId } = this.deps;
    const theirs = input.link?.from === peer && input.link.to === nodeId;
    if (input.link && !theirs && (input.link.from !== nodeId || input.link.to !== peer)) {
      throw new TiemengError('NOT_PARTY', {
        message: `${peer} may only pull the links ${nodeId} → ${peer} and ${peer} → ${nodeId}`,
      });
    }
    const [from, to] = theirs ? [peer, nodeId] : [nodeId, peer];
    const rows = await readLinkEntries(db, from, to, input.afterSeq, Math.min(input.limit, MAX_BATCH));
    return { entries: rows.map((r) => r.jws), head: await readLinkHead(db, from, to) };
  }

  /**
   * Per peer: our head of each link, what the peer acknowledged, lag, last error, next retry; and
   * when the partner's link was last pulled as a safety net, with why that failed.
   */
  async status(db: Kysely<Database> = this.deps.db) {
    const { nodeId } = this.deps;
    return Promise.all(
      this.#peers.map(async (p) => {
        const [outbound, inbound, d] = await Promise.all([
          readLinkHead(db, nodeId, p.nodeId),
          readLinkHead(db, p.nodeId, nodeId),
          db.selectFrom('peer_delivery').selectAll().where('peer', '=', p.nodeId).executeTakeFirst(),
        ]);
        const acked = d?.acked_seq ?? 0;
        return {
          peer: p.nodeId,
          url: p.url,
          outbound: { localHead: outbound.seq, peerAcknowledged: acked, lag: outbound.seq - acked },
          inbound: {
            head: inbound.seq,
            lastPullAt: d?.last_pull_at?.toISOString() ?? null,
            lastPullError: d?.last_pull_error ?? null,
          },
          lastSuccessAt: d?.last_success_at?.toISOString() ?? null,
          lastAttemptAt: d?.last_attempt_at?.toISOString() ?? null,
          lastError: d?.last_error ?? null,
          failures: d?.failures ?? 0,
          nextRetryAt: d?.next_retry_at?.toISOString() ?? null,
        };
      }),
    );
  }

  async incidents(filter: { peer?: string; beforeId?: number; limit: number }) {
    let q = this.deps.db.selectFrom('sync_incident').selectAll().orderBy('id', 'desc').limit(filter.limit);
    if (filter.peer) q = q.where('peer', '=', filter.peer);
    if (filter.beforeId) q = q.where('id', '<', filter.beforeId);
    const rows = await q.execute();
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  }
}
