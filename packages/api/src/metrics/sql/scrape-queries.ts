import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';
import { OPEN_STATUSES } from '../../records/assistance/assistance-type.ts';

/**
 * The queries a scrape runs, one per figure family. Each reads a handful of rows through an index
 * (primary keys, `record_projection_status_idx`, `reconcile_report_peer_idx`), so a scrape costs the
 * same on a node with ten years of records as on a new one.
 */
type Db = Kysely<Database>;

/** Every link head this node holds, both directions. */
export function linkHeads(db: Db) {
  return db.selectFrom('link_head').select(['from_node', 'to_node', 'seq']).execute();
}

/**
 * Delivery of each outbound link: what the peer acknowledged, consecutive failures, last success,
 * and the author time of the oldest entry not yet acknowledged (null when none is waiting).
 */
export function deliveryState(db: Db, nodeId: string) {
  return db
    .selectFrom('peer_delivery as d')
    .leftJoin('link_entry as l', (j) =>
      j
        .on('l.from_node', '=', nodeId)
        .onRef('l.to_node', '=', 'd.peer')
        .on('l.seq', '=', sql<number>`d.acked_seq + 1`),
    )
    .leftJoin('event as e', 'e.id', 'l.event_id')
    .select(['d.peer', 'd.acked_seq', 'd.failures', 'd.last_success_at', 'e.at as oldest_unacked_at'])
    .execute();
}

/**
 * Open assistance requests by priority and direction (`inbound`: filed by a partner, so this node
 * acknowledges): awaiting acknowledgement, of those past the acknowledgement deadline, and past any
 * deadline at `now` — the SQL twin of `deadlines()`.
 */
export function openAssistance(db: Db, nodeId: string, now: Date) {
  return db
    .selectFrom('record_projection')
    .where('record_type', '=', 'assistance')
    .where('status', 'in', OPEN_STATUSES)
    .select([
      sql<string>`coalesce(state->>'priority', 'unknown')`.as('priority'),
      sql<string>`case when owner = ${nodeId} then 'outbound' else 'inbound' end`.as('direction'),
      sql<number>`count(*) filter (where state->>'acknowledgedAt' is null)`.as('awaiting_ack'),
      sql<number>`count(*) filter (where state->>'acknowledgedAt' is null
        and (state->>'dueAckAt')::timestamptz < ${now})`.as('ack_overdue'),
      sql<number>`count(*) filter (where (state->>'acknowledgedAt' is null
        and (state->>'dueAckAt')::timestamptz < ${now})
        or (state->>'dueCompleteAt')::timestamptz < ${now})`.as('overdue'),
    ])
    .groupBy(['priority', 'direction'])
    .execute();
}

/** Active notices by kind and direction, and of those past their review date (lapsed) at `now`. */
export function activeNotices(db: Db, nodeId: string, now: Date) {
  return db
    .selectFrom('record_projection')
    .where('record_type', '=', 'notice')
    .where('status', '=', 'active')
    .select([
      sql<string>`coalesce(state->>'kind', 'unknown')`.as('kind'),
      sql<string>`case when owner = ${nodeId} then 'outbound' else 'inbound' end`.as('direction'),
      sql<number>`count(*) filter (where (state->>'reviewDueAt')::timestamptz < ${now})`.as('lapsed'),
    ])
    .groupBy(['kind', 'direction'])
    .execute();
}

/** Stored sync incidents by peer and kind (kept once each, so few). */
export function incidentCounts(db: Db) {
  return db
    .selectFrom('sync_incident')
    .select(['peer', 'kind', sql<number>`count(*)`.as('n')])
    .groupBy(['peer', 'kind'])
    .execute();
}

/** The last reconciliation report with each peer. */
export function lastReconciliations(db: Db, peers: string[]) {
  if (peers.length === 0) return Promise.resolve([]);
  return db
    .selectFrom(sql<{ peer: string }>`(select unnest(${sql.val(peers)}::text[]) as peer)`.as('p'))
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('reconcile_report as r')
          .select(['r.outcome', 'r.finished_at', 'r.differences'])
          .whereRef('r.peer', '=', sql.ref('p.peer'))
          .orderBy('r.id', 'desc')
          .limit(1)
          .as('r'),
      (j) => j.onTrue(),
    )
    .select(['p.peer', 'r.outcome', 'r.finished_at', 'r.differences'])
    .execute();
}

/** The newest audit row: the chain's head. */
export function auditHead(db: Db) {
  return db.selectFrom('audit_log').select(['id', 'at']).orderBy('id', 'desc').limit(1).executeTakeFirst();
}
