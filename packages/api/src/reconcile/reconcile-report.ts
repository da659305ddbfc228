import type { ReconcileReportTable } from '@tiemeng/db';
import type { Selectable } from 'kysely';
import type { LinkCheck } from './check-chains.ts';
import type { Difference } from './resolve-differences.ts';

/** Calls and body bytes one phase of a run cost. */
export interface PhaseCost {
  roundTrips: number;
  bytesSent: number;
  bytesReceived: number;
}

export type ReconcileOutcome = 'in_sync' | 'repaired' | 'unresolved' | 'failed';

export interface StartedBy {
  type: 'officer' | 'schedule';
  id: string | null;
  username: string | null;
}

/** Everything a run stores beyond the columns staff filter and list by. */
export interface ReportDetail {
  links: LinkCheck[];
  phases: {
    chains?: PhaseCost;
    state?: PhaseCost & { buckets: number; itemLists: number; truncated: boolean };
    repair?: PhaseCost;
    anchors?: PhaseCost;
  };
  differences: Difference[];
  anchors: {
    sent: { rowId: number; hash: string } | null;
    received: { rowId: number; hash: string } | null;
  };
  /**
   * Records each side found holding a signed entry without its event row (null in runs stored before
   * both sides were asked).
   */
  lostEvents?: { here: number; atPeer: number } | null;
  error: string | null;
}

/** A stored run as staff read it. */
export function toReport(row: Selectable<ReconcileReportTable>) {
  const detail = row.detail as unknown as ReportDetail;
  return {
    ...toSummary(row),
    links: detail.links,
    phases: detail.phases,
    differences: detail.differences,
    anchors: detail.anchors,
    lostEvents: detail.lostEvents ?? null,
  };
}

export type ReconcileReport = ReturnType<typeof toReport>;

/** The columns of a run, for lists. */
export function toSummary(row: Omit<Selectable<ReconcileReportTable>, 'detail'> & { detail?: unknown }) {
  return {
    id: row.id,
    peer: row.peer,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at.toISOString(),
    durationMs: row.duration_ms,
    startedBy: {
      type: row.started_by_type,
      id: row.started_by_id,
      username: row.started_by_name,
    } satisfies StartedBy,
    outcome: row.outcome as ReconcileOutcome,
    recordsCompared: row.records_compared,
    buckets: row.buckets,
    roundTrips: row.round_trips,
    bytesSent: row.bytes_sent,
    bytesReceived: row.bytes_received,
    bytesExchanged: row.bytes_sent + row.bytes_received,
    differencesFound: row.differences,
    repaired: row.repaired,
    incidents: row.incidents,
    error: (row.detail as ReportDetail | undefined)?.error ?? null,
  };
}
