import type { MetricName } from '../records/metrics.ts';
import type { AckPercentileRow, FactTotalRow } from './sql/fact-totals.ts';

export interface Figures {
  requests: {
    filed: number;
    byDirection: { from: string; to: string; count: number }[];
    byCategory: Record<string, number>;
    byPriority: Record<string, number>;
    acknowledged: number;
    ackInTime: number;
    /** Share of acknowledged requests acknowledged in time, in percent (one decimal); null without any. */
    ackInTimePct: number | null;
    ackMinutes: { median: number | null; p90: number | null };
    completed: number;
    declined: number;
    withdrawn: number;
  };
  casesSolved: number;
  missingTraced: number;
  fugitivesIntercepted: number;
  noticesIssued: number;
  disputesMediated: number;
  agreementsReached: number;
  followUpsDone: number;
}

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

/** Pure: fact totals of one group → the figures command staff read. */
export function figuresOf(rows: readonly FactTotalRow[], ack: AckPercentileRow | undefined): Figures {
  const count = (metric: MetricName) =>
    rows.filter((r) => r.metric === metric).reduce((n, r) => n + Number(r.count), 0);
  const sum = (metric: MetricName) =>
    rows.filter((r) => r.metric === metric).reduce((n, r) => n + Number(r.sum), 0);
  const filed = rows.filter((r) => r.metric === 'assistance.filed');
  const tally = (key: 'category' | 'priority') =>
    filed.reduce<Record<string, number>>((acc, r) => {
      const k = r[key] ?? 'unknown';
      acc[k] = (acc[k] ?? 0) + Number(r.count);
      return acc;
    }, {});
  const directions = new Map<string, { from: string; to: string; count: number }>();
  for (const r of filed) {
    const key = `${r.from_node}→${r.to_node}`;
    const d = directions.get(key) ?? { from: r.from_node, to: r.to_node, count: 0 };
    d.count += Number(r.count);
    directions.set(key, d);
  }
  const acknowledged = count('assistance.acknowledged');
  const ackInTime = count('assistance.ack_in_time');
  return {
    requests: {
      filed: count('assistance.filed'),
      byDirection: [...directions.values()].sort((a, b) => (a.from + a.to < b.from + b.to ? -1 : 1)),
      byCategory: tally('category'),
      byPriority: tally('priority'),
      acknowledged,
      ackInTime,
      ackInTimePct: acknowledged ? round1((100 * ackInTime) / acknowledged) : null,
      ackMinutes: { median: round1(ack?.median ?? null), p90: round1(ack?.p90 ?? null) },
      completed: count('assistance.completed'),
      declined: count('assistance.declined'),
      withdrawn: count('assistance.withdrawn'),
    },
    casesSolved: sum('cases.solved'),
    missingTraced: sum('missing.traced'),
    fugitivesIntercepted: sum('fugitives.intercepted'),
    noticesIssued: count('notice.issued'),
    disputesMediated: count('disputes.mediated'),
    agreementsReached: count('mediation.agreements'),
    followUpsDone: count('mediation.followups_done'),
  };
}

/** Splits totals by group and assembles each, groups in key order. */
export function groupedFigures(rows: readonly FactTotalRow[], acks: readonly AckPercentileRow[]) {
  const keys = [...new Set(rows.map((r) => r.group))].sort();
  return keys.map((key) => ({
    key,
    figures: figuresOf(
      rows.filter((r) => r.group === key),
      acks.find((a) => a.group === key),
    ),
  }));
}
