import { randomUUID } from 'node:crypto';
import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AnchorDeps } from '../audit/anchor/anchor-witness.ts';
import { signOwnHead, witnessAnchor, witnessHead } from '../audit/anchor/anchor-witness.ts';
import { listAnchors } from '../audit/anchor/sql/list-anchors.ts';
import { readHeadAnchor } from '../audit/anchor/sql/store-head-anchor.ts';
import { appendAuditRowAlone } from '../audit/sql/append-audit-row.ts';
import type { PeerConfig } from '../config/node-config.ts';
import { canonicalJson, sha256Hex } from '../crypto/hash.ts';
import { TiemengError } from '../errors/index.ts';
import type { PeerMeter } from '../peer/peer-client.ts';
import type { SyncDeps } from '../sync/sync-deps.ts';
import { checkChains } from './check-chains.ts';
import { inspectRecords } from './inspect-records.ts';
import { projectionStore } from './projection-store.ts';
import { meterDelta, ReconcilePeer } from './reconcile-peer.ts';
import {
  type ReconcileOutcome,
  type ReconcileReport,
  type ReportDetail,
  type StartedBy,
  toReport,
  toSummary,
} from './reconcile-report.ts';
import { REPAIRED, resolveDifferences } from './resolve-differences.ts';
import { withRunLock } from './run-lock.ts';
import { answer, type ExchangeMessage, reconcileSets } from './set-reconcile.ts';
import { insertReport } from './sql/insert-report.ts';
import { lastFinishedAt } from './sql/last-finished-at.ts';
import { listReports } from './sql/list-reports.ts';
import { readReport } from './sql/read-report.ts';
import { recordsWithLostEvents } from './sql/records-with-lost-events.ts';

/** Differences one run works on; the rest are found by the next run. */
const MAX_DIFFERENCES = 5_000;
/** Ranges per exchange message (bounds a request body to well under the HTTP body limit). */
const MAX_RANGES = 2_048;

export interface ReconcileServiceOptions {
  deps: SyncDeps;
  peers: readonly PeerConfig[];
  log: Logger;
}

/**
 * Reconciliation (对账) with each peer — chains, shared state, audit anchors — and its stored reports.
 * The initiator drives a run; the peer answers through the `reconcile.*` node procedures, which are
 * also here (`exchange`, `inspect`, `anchor`, `anchors`).
 */
export class ReconcileService {
  readonly #deps: SyncDeps;
  readonly #peers: readonly PeerConfig[];
  readonly #log: Logger;

  constructor(options: ReconcileServiceOptions) {
    this.#deps = options.deps;
    this.#peers = options.peers;
    this.#log = options.log;
  }

  get peers(): string[] {
    return this.#peers.map((p) => p.nodeId);
  }

  /**
   * Runs a reconciliation with `peer` (default: the only peer) now and stores its report.
   * ALREADY_RUNNING when a run with that peer is under way in any process of this node.
   */
  async run(input: { peer?: string; startedBy: StartedBy }): Promise<ReconcileReport> {
    const peer = this.#peer(input.peer);
    return withRunLock(this.#deps.db, peer.nodeId, () => this.#execute(peer, input.startedBy));
  }

  /** The schedule's run: skipped when another process reconciled with `peer` within `intervalMs`. */
  async runIfDue(peerId: string, intervalMs: number): Promise<ReconcileReport | undefined> {
    const peer = this.#peer(peerId);
    return withRunLock(this.#deps.db, peer.nodeId, async () => {
      // Checked under the lock, so two processes whose timers fire together run once.
      const last = await lastFinishedAt(this.#deps.db, peer.nodeId);
      if (last && this.#deps.clock.now().getTime() - last.getTime() < intervalMs) return undefined;
      const report = await this.#execute(peer, { type: 'schedule', id: null, username: null });
      // An officer's run is audited by the API; a scheduled one writes its own row.
      await appendAuditRowAlone(this.#deps.db, {
        at: this.#deps.clock.now(),
        nodeId: this.#deps.nodeId,
        actorType: 'system',
        actorId: 'schedule',
        procedure: 'reconcile.run',
        recordIds: report.differences.slice(0, 1_000).map((d) => d.recordId),
        outcome: report.outcome === 'failed' ? 'error' : 'ok',
        errorCode: null,
        requestId: randomUUID(),
        inputHash: sha256Hex(canonicalJson({ peer: peer.nodeId })),
      });
      return report;
    });
  }

  async reports(filter: { peer?: string; beforeId?: number; limit: number }) {
    const rows = await listReports(this.#deps.db, filter);
    const page = rows.slice(0, filter.limit);
    return {
      items: page.map(toSummary),
      nextBeforeId: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null,
    };
  }

  async report(id: number): Promise<ReconcileReport> {
    const row = await readReport(this.#deps.db, id);
    if (!row) throw new TiemengError('NOT_FOUND', { message: `No reconciliation report ${id}` });
    return toReport(row);
  }

  // The peer's side of a run (node procedures).

  /** Answers one set-reconciliation message over the records shared with `peer`. */
  exchange(peer: string, message: ExchangeMessage) {
    return answer(projectionStore(this.#deps.db, this.#deps.nodeId, peer), message);
  }

  /** Restores the listed events we hold as signed entries, refolds what is stale, describes the records. */
  inspect(db: Kysely<Database>, peer: string, ids: readonly string[], restore: readonly string[]) {
    return inspectRecords(db, this.#deps, peer, ids, restore);
  }

  /** Records shared with `peer` that lost an event row here while we keep its signed entry. */
  async lost(peer: string): Promise<{ ids: string[] }> {
    return { ids: await recordsWithLostEvents(this.#deps.db, this.#deps.nodeId, peer, MAX_DIFFERENCES) };
  }

  /** Keeps `peer`'s signed audit head (when sent) and answers ours, signed for it. */
  async anchor(db: Kysely<Database>, peer: string, jws: string | null): Promise<{ anchor: string | null }> {
    const deps = this.#anchorDeps(db);
    if (jws) await witnessAnchor(deps, peer, jws);
    return { anchor: (await signOwnHead(deps, peer))?.jws ?? null };
  }

  /** Anchors of `peer`'s audit chain that we hold, for its `audit.verify`. */
  async anchors(peer: string, page: { afterRowId: number; limit: number }) {
    const rows = await listAnchors(this.#deps.db, peer, page.afterRowId, page.limit);
    const anchors = rows.map((r) => ({ rowId: Number(r.row_id), jws: r.jws }));
    // The last page ends with the newest head the peer sent us, which pins its chain's tail.
    if (anchors.length < page.limit) {
      const head = await readHeadAnchor(this.#deps.db, peer);
      const after = anchors.at(-1)?.rowId ?? page.afterRowId;
      if (head && Number(head.row_id) > after) anchors.push({ rowId: Number(head.row_id), jws: head.jws });
    }
    return { anchors };
  }

  /** Keeps `peer`'s signed audit head, sent at least every minute (see HeadAnchorWorker). */
  async headAnchor(db: Kysely<Database>, peer: string, jws: string): Promise<{ ok: true }> {
    await witnessHead(this.#anchorDeps(db), peer, jws);
    return { ok: true };
  }

  // A run.

  async #execute(peerConfig: PeerConfig, startedBy: StartedBy): Promise<ReconcileReport> {
    const { db, clock, nodeId } = this.#deps;
    const startedAt = clock.now();
    const t0 = performance.now();
    const peer = new ReconcilePeer(this.#deps.signer, peerConfig);
    const detail: ReportDetail = {
      links: [],
      phases: {},
      differences: [],
      anchors: { sent: null, received: null },
      lostEvents: null,
      error: null,
    };
    let recordsCompared = 0;
    let buckets = 0;
    let mark: PeerMeter = { ...peer.meter };
    const phaseCost = () => {
      const cost = meterDelta(peer.meter, mark);
      mark = { ...peer.meter };
      return cost;
    };
    try {
      // 1. Chains: heads of both links; pull if behind; divergences become incidents.
      const chains = await checkChains(this.#deps, peer);
      detail.links = chains.links;
      detail.phases.chains = phaseCost();

      // 2. State: which shared records differ, without sending them all.
      const sets = await reconcileSets(
        projectionStore(db, nodeId, peer.nodeId),
        (message) => peer.exchange(message),
        { limit: MAX_DIFFERENCES, maxRanges: MAX_RANGES },
      );
      recordsCompared = sets.total;
      buckets = sets.costs.buckets;
      detail.phases.state = {
        ...phaseCost(),
        buckets: sets.costs.buckets,
        itemLists: sets.costs.itemLists,
        truncated: sets.truncated,
      };

      // … and records that lost an event row on either side while that side keeps its signed entry:
      // their projections agree until the next refold, so they are inspected now. Each side looks in
      // its own tables; the pair is in sync only when neither lacks an event.
      const lostHere = await recordsWithLostEvents(db, nodeId, peer.nodeId, MAX_DIFFERENCES);
      const lostThere = await peer.lost();
      detail.lostEvents = { here: lostHere.length, atPeer: lostThere.length };
      const differing = [...new Set([...sets.differing, ...lostHere, ...lostThere])].slice(
        0,
        MAX_DIFFERENCES,
      );

      // 3. Each difference: refold, compare, exchange events, restore; what remains is an incident.
      await resolveDifferences(
        { deps: this.#deps, peer, peerHasOursUpTo: chains.peerHasOursUpTo },
        differing,
        detail.differences,
      );
      detail.phases.repair = phaseCost();

      // 4. Audit anchors: each side signs its audit head and the other keeps it.
      const own = await signOwnHead(this.#anchorDeps(db), peer.nodeId);
      const { anchor } = await peer.anchor(own?.jws ?? null);
      const theirs = anchor ? await witnessAnchor(this.#anchorDeps(db), peer.nodeId, anchor) : undefined;
      detail.anchors = {
        sent: own ? { rowId: own.claims.rowId, hash: own.claims.hash } : null,
        received: theirs ? { rowId: theirs.rowId, hash: theirs.hash } : null,
      };
      detail.phases.anchors = phaseCost();
    } catch (err) {
      detail.error = err instanceof Error ? err.message : String(err);
      this.#log.warn({ peer: peer.nodeId, err: detail.error }, 'reconciliation failed');
    }

    const repaired = detail.differences.filter((d) => REPAIRED.has(d.resolution)).length;
    // Each unresolved record and each diverged link left one sync incident.
    const incidents =
      detail.differences.filter((d) => d.resolution === 'incident').length +
      detail.links.filter((l) => l.status === 'diverged').length;
    const row = await insertReport(db, {
      peer: peer.nodeId,
      started_at: startedAt,
      finished_at: clock.now(),
      duration_ms: Math.round(performance.now() - t0),
      started_by_type: startedBy.type,
      started_by_id: startedBy.id,
      started_by_name: startedBy.username,
      outcome: outcomeOf(detail, repaired, incidents),
      records_compared: recordsCompared,
      buckets,
      round_trips: peer.meter.calls,
      bytes_sent: peer.meter.sent,
      bytes_received: peer.meter.received,
      differences: detail.differences.length,
      repaired,
      incidents,
      detail: JSON.stringify(detail),
    });
    return toReport(row);
  }

  #anchorDeps(db: Kysely<Database>): AnchorDeps {
    const { nodeId, clock, signer, peerKeys } = this.#deps;
    return { nodeId, db, clock, signer, peerKeys };
  }

  #peer(peerId: string | undefined): PeerConfig {
    if (peerId === undefined) {
      if (this.#peers.length === 1) return this.#peers[0]!;
      throw new TiemengError('INVALID_INPUT', {
        message: `Name the peer to reconcile with: ${this.peers.join(', ') || '(no peers configured)'}`,
      });
    }
    const peer = this.#peers.find((p) => p.nodeId === peerId);
    if (!peer) throw new TiemengError('UNKNOWN_PEER', { message: `${peerId} is not a configured peer` });
    return peer;
  }
}

/** In-flight differences are not a fault: the next run sees them arrived. */
function outcomeOf(detail: ReportDetail, repaired: number, incidents: number): ReconcileOutcome {
  if (detail.error) return 'failed';
  if (incidents > 0 || detail.links.some((l) => l.status === 'behind')) return 'unresolved';
  return repaired > 0 ? 'repaired' : 'in_sync';
}
