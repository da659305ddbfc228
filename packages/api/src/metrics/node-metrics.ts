import { type PoolUsage, poolUsage } from '@tiemeng/db';
import { sql } from 'kysely';
import { Counter, collectDefaultMetrics, Gauge, Histogram, type LabelValues, Registry } from 'prom-client';
import type { NodeServices } from '../node/node-services.ts';
import type { ReconcileOutcome } from '../reconcile/reconcile-report.ts';
import * as q from './sql/scrape-queries.ts';

type Services = Pick<NodeServices, 'config' | 'db' | 'clock'>;
type CallOutcome = 'ok' | 'refused' | 'error';

const RECONCILE_OUTCOMES: readonly ReconcileOutcome[] = ['in_sync', 'repaired', 'unresolved', 'failed'];
/** Seconds; a call is mostly a few milliseconds, a reconciliation run or a big sync batch seconds. */
/** A scrape query taking longer than this fails the scrape (503) rather than piling up. */
const SCRAPE_STATEMENT_TIMEOUT_MS = 5_000;
const CALL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The node's Prometheus figures, on a registry of its own (a test process runs several nodes).
 * Counters and the call histogram move as things happen, at a cost of a map lookup; everything
 * stored in the database is read when scraped, by a few indexed queries (`sql/scrape-queries.ts`)
 * run once per scrape, with "now" from the node's clock.
 *
 * @example
 * const metrics = new NodeMetrics(services);
 * metrics.call('auth.me', 'ok', 0.004);
 * const text = await metrics.render();
 */
export class NodeMetrics {
  readonly registry = new Registry();
  readonly #calls: Histogram<'procedure' | 'outcome'>;
  /** Histogram children by `procedure outcome`, so a call does not rebuild its label key. */
  readonly #callChildren = new Map<string, { observe(v: number): void }>();
  readonly #deliveryFailures: Counter<'peer' | 'reason'>;
  /** The last head each partner reported of its link to us, and since when we have been behind it. */
  readonly #peerHeads = new Map<string, { seq: number; behindSince: Date }>();
  #scrape: { n: number; snapshot: Promise<Snapshot> } | undefined;
  #scrapes = 0;

  constructor(services: Services) {
    const registers = [this.registry];
    const nodeId = services.config.nodeId;
    this.#calls = new Histogram({
      name: 'tiemeng_calls_duration_seconds',
      help: 'Procedure calls (HTTP and in-process) by procedure and outcome (ok, refused, error), with latency',
      labelNames: ['procedure', 'outcome'],
      buckets: CALL_BUCKETS,
      registers,
    });
    this.#deliveryFailures = new Counter({
      name: 'tiemeng_delivery_failures_total',
      help: 'Failed attempts to deliver our link to a peer since start, by the reason (error code)',
      labelNames: ['peer', 'reason'],
      registers,
    });

    const snapshot = () => this.#snapshot(services);
    const gauge = <L extends string>(
      name: string,
      help: string,
      labelNames: L[],
      fill: (s: Snapshot, set: (labels: LabelValues<L>, value: number) => void) => void,
    ) =>
      new Gauge<L>({
        name,
        help,
        labelNames,
        registers,
        async collect() {
          const s = await snapshot();
          this.reset();
          fill(s, (labels, value) => this.set(labels, value));
        },
      });

    gauge(
      'tiemeng_link_head_seq',
      'Head (last seq) of each link as this node holds it',
      ['from', 'to'],
      (s, set) => {
        for (const h of s.heads) set({ from: h.from_node, to: h.to_node }, h.seq);
      },
    );
    gauge(
      'tiemeng_link_acknowledged_seq',
      'Last entry of our link the peer acknowledged',
      ['from', 'to'],
      (s, set) => {
        for (const d of s.delivery) set({ from: nodeId, to: d.peer }, d.acked_seq);
      },
    );
    gauge(
      'tiemeng_link_lag_entries',
      'Entries of a link not yet held by its receiver: ours not acknowledged by the peer; the peer’s ' +
        'beyond our head as it last reported it',
      ['from', 'to'],
      (s, set) => {
        for (const l of s.lags) set({ from: l.from, to: l.to }, l.entries);
      },
    );
    gauge(
      'tiemeng_link_lag_seconds',
      'How long the oldest entry a receiver lacks has waited (our link: since its author time; the ' +
        'peer’s: since it reported entries beyond our head)',
      ['from', 'to'],
      (s, set) => {
        for (const l of s.lags) set({ from: l.from, to: l.to }, l.seconds);
      },
    );
    gauge(
      'tiemeng_peer_delivery_failing',
      '1 while delivery to the peer is failing (its last attempt failed), else 0',
      ['peer'],
      (s, set) => {
        for (const d of s.delivery) set({ peer: d.peer }, d.failures > 0 ? 1 : 0);
      },
    );
    gauge(
      'tiemeng_peer_consecutive_failures',
      'Delivery attempts to the peer that failed in a row',
      ['peer'],
      (s, set) => {
        for (const d of s.delivery) set({ peer: d.peer }, d.failures);
      },
    );
    gauge(
      'tiemeng_peer_last_success_timestamp_seconds',
      'When the peer last answered a delivery (Unix time)',
      ['peer'],
      (s, set) => {
        for (const d of s.delivery) if (d.last_success_at) set({ peer: d.peer }, seconds(d.last_success_at));
      },
    );
    gauge(
      'tiemeng_sync_incidents',
      'Sync incidents kept (forged, divergent or conflicting entries, state mismatches), by peer and kind',
      ['peer', 'kind'],
      (s, set) => {
        for (const i of s.incidents) set({ peer: i.peer, kind: i.kind }, i.n);
      },
    );
    const assistance = (name: string, help: string, key: 'awaiting_ack' | 'ack_overdue' | 'overdue') =>
      gauge(name, help, ['priority', 'direction'], (s, set) => {
        for (const priority of ['urgent', 'normal'])
          for (const direction of ['inbound', 'outbound']) set({ priority, direction }, 0);
        for (const r of s.assistance) set({ priority: r.priority, direction: r.direction }, r[key]);
      });
    assistance(
      'tiemeng_assistance_awaiting_ack',
      'Open assistance requests not yet acknowledged (inbound: addressed to this node)',
      'awaiting_ack',
    );
    assistance(
      'tiemeng_assistance_ack_overdue',
      'Open assistance requests not acknowledged by their signed acknowledgement deadline',
      'ack_overdue',
    );
    assistance(
      'tiemeng_assistance_overdue',
      'Open assistance requests past a signed deadline (acknowledgement or completion)',
      'overdue',
    );
    gauge(
      'tiemeng_notices_lapsed',
      'Active notices past their review date (outbound: issued here, to renew or resolve)',
      ['kind', 'direction'],
      (s, set) => {
        for (const kind of ['missing_person', 'fugitive'])
          for (const direction of ['inbound', 'outbound']) set({ kind, direction }, 0);
        for (const n of s.notices) set({ kind: n.kind, direction: n.direction }, n.lapsed);
      },
    );
    gauge(
      'tiemeng_reconcile_last_outcome',
      '1 for the outcome of the last reconciliation run with the peer, 0 for the others',
      ['peer', 'outcome'],
      (s, set) => {
        for (const r of s.reconciliations)
          for (const outcome of RECONCILE_OUTCOMES)
            set({ peer: r.peer, outcome }, r.outcome === outcome ? 1 : 0);
      },
    );
    gauge(
      'tiemeng_reconcile_last_differences',
      'Differences found by the last reconciliation run with the peer',
      ['peer'],
      (s, set) => {
        for (const r of s.reconciliations) set({ peer: r.peer }, r.differences);
      },
    );
    gauge(
      'tiemeng_reconcile_last_age_seconds',
      'Seconds since the last reconciliation run with the peer finished',
      ['peer'],
      (s, set) => {
        for (const r of s.reconciliations) set({ peer: r.peer }, Math.max(0, s.now - seconds(r.finished_at)));
      },
    );
    gauge('tiemeng_audit_head_id', 'Id of the newest audit row (the chain’s head)', [], (s, set) => {
      if (s.audit) set({}, s.audit.id);
    });
    gauge(
      'tiemeng_audit_head_timestamp_seconds',
      'When the newest audit row was written (Unix time)',
      [],
      (s, set) => {
        if (s.audit) set({}, seconds(s.audit.at));
      },
    );
    const pool = (name: string, help: string, key: keyof PoolUsage) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const usage = poolUsage(services.db);
          if (usage) this.set(usage[key]);
        },
      });
    pool('tiemeng_db_pool_max', 'Connections the pool may open', 'max');
    pool('tiemeng_db_pool_connections', 'Connections the pool holds (busy and idle)', 'total');
    pool('tiemeng_db_pool_idle', 'Idle connections in the pool', 'idle');
    pool('tiemeng_db_pool_waiting', 'Queries waiting for a pool connection', 'waiting');
    // Process figures watch the event loop and GC for as long as the process lives: only for a node
    // whose metrics are served (a test process starts many nodes with the endpoint off).
    if (services.config.metrics.port !== null)
      collectDefaultMetrics({ register: this.registry, prefix: 'tiemeng_' });
    for (const peer of services.config.peers)
      this.#deliveryFailures.inc({ peer: peer.nodeId, reason: 'UNREACHABLE' }, 0);
  }

  /** One procedure call ended (audit middleware). */
  call(procedure: string, outcome: CallOutcome, seconds: number): void {
    const key = `${procedure} ${outcome}`;
    let child = this.#callChildren.get(key);
    if (!child) {
      child = this.#calls.labels(procedure, outcome);
      this.#callChildren.set(key, child);
    }
    child.observe(seconds);
  }

  /** A delivery attempt to `peer` failed (reason: the error code, or UNREACHABLE). */
  deliveryFailed(peer: string, reason: string): void {
    this.#deliveryFailures.inc({ peer, reason });
  }

  /** A partner told us the head of its link to us (a pull's or `sync.heads` answer). */
  peerHead(peer: string, seq: number, now: Date): void {
    const known = this.#peerHeads.get(peer);
    if (known && seq <= known.seq) return;
    this.#peerHeads.set(peer, { seq, behindSince: known?.behindSince ?? now });
  }

  /** The exposition text; the database figures are read now. */
  async render(): Promise<string> {
    this.#scrapes++;
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The database figures, read once per scrape however many gauges use them. */
  #snapshot(services: Services): Promise<Snapshot> {
    if (this.#scrape?.n !== this.#scrapes) {
      const snapshot = readSnapshot(services, this.#peerHeads);
      // A failed read is not kept for the next scrape.
      snapshot.catch(() => {
        this.#scrape = undefined;
      });
      this.#scrape = { n: this.#scrapes, snapshot };
    }
    return this.#scrape.snapshot;
  }
}

type Snapshot = Awaited<ReturnType<typeof readSnapshot>>;

async function readSnapshot(
  { db, config, clock }: Services,
  peerHeads: Map<string, { seq: number; behindSince: Date }>,
) {
  const nodeId = config.nodeId;
  const now = clock.now();
  const peers = config.peers.map((p) => p.nodeId);
  // One connection, one snapshot (the figures agree with each other), read-only and time-bounded:
  // a scrape never takes more than one connection from the calls it watches.
  const [heads, delivery, assistance, notices, incidents, reconciliations, audit] = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      await sql`set local statement_timeout = ${sql.lit(SCRAPE_STATEMENT_TIMEOUT_MS)}`.execute(trx);
      return [
        await q.linkHeads(trx),
        await q.deliveryState(trx, nodeId),
        await q.openAssistance(trx, nodeId, now),
        await q.activeNotices(trx, nodeId, now),
        await q.incidentCounts(trx),
        await q.lastReconciliations(trx, peers),
        await q.auditHead(trx),
      ] as const;
    });
  const lags: { from: string; to: string; entries: number; seconds: number }[] = [];
  for (const d of delivery) {
    const head = heads.find((h) => h.from_node === nodeId && h.to_node === d.peer)?.seq ?? 0;
    const waiting = d.oldest_unacked_at
      ? Math.max(0, (now.getTime() - d.oldest_unacked_at.getTime()) / 1000)
      : 0;
    lags.push({ from: nodeId, to: d.peer, entries: Math.max(0, head - d.acked_seq), seconds: waiting });
  }
  for (const peer of peers) {
    const head = heads.find((h) => h.from_node === peer && h.to_node === nodeId)?.seq ?? 0;
    const reported = peerHeads.get(peer);
    if (reported && reported.seq <= head) peerHeads.delete(peer);
    const behind = reported && reported.seq > head ? reported : undefined;
    lags.push({
      from: peer,
      to: nodeId,
      entries: behind ? behind.seq - head : 0,
      seconds: behind ? Math.max(0, (now.getTime() - behind.behindSince.getTime()) / 1000) : 0,
    });
  }
  return { now: seconds(now), heads, delivery, lags, assistance, notices, incidents, reconciliations, audit };
}

function seconds(at: Date): number {
  return at.getTime() / 1000;
}
