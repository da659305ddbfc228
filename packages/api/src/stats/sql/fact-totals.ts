import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';
import type { Period } from '../period.ts';
import { STATS_TIME_ZONE } from '../period.ts';

export type GroupBy = 'station' | 'week' | 'month' | undefined;

export interface FactTotalRow {
  group: string;
  metric: string;
  from_node: string;
  to_node: string;
  category: string | null;
  priority: string | null;
  count: number;
  sum: number;
}

export interface AckPercentileRow {
  group: string;
  median: number | null;
  p90: number | null;
}

function groupKey(groupBy: GroupBy) {
  if (groupBy === 'station') return sql<string>`station`;
  if (groupBy === 'week')
    return sql<string>`to_char(date_trunc('week', at at time zone ${STATS_TIME_ZONE}), 'IYYY-"W"IW')`;
  if (groupBy === 'month') return sql<string>`to_char(at at time zone ${STATS_TIME_ZONE}, 'YYYY-MM')`;
  return sql<string>`'all'`;
}

/** Count and sum of every metric's facts in the period, per group and dimension (one index range scan per metric). */
export async function factTotals(db: Kysely<Database>, period: Period, groupBy: GroupBy) {
  const group = groupKey(groupBy);
  return db
    .selectFrom('stat_fact')
    .select([
      group.as('group'),
      'metric',
      'from_node',
      'to_node',
      'category',
      'priority',
      sql<number>`count(*)::int8`.as('count'),
      sql<number>`sum(value)`.as('sum'),
    ])
    .where('at', '>=', period.from)
    .where('at', '<', period.until)
    .groupBy([sql`1`, 'metric', 'from_node', 'to_node', 'category', 'priority'])
    .execute() as Promise<FactTotalRow[]>;
}

/** Median and 90th percentile of minutes to acknowledge, per group. */
export async function ackPercentiles(db: Kysely<Database>, period: Period, groupBy: GroupBy) {
  const group = groupKey(groupBy);
  return db
    .selectFrom('stat_fact')
    .select([
      group.as('group'),
      sql<number>`percentile_cont(0.5) within group (order by value)`.as('median'),
      sql<number>`percentile_cont(0.9) within group (order by value)`.as('p90'),
    ])
    .where('metric', '=', 'assistance.acknowledged')
    .where('at', '>=', period.from)
    .where('at', '<', period.until)
    .groupBy(sql`1`)
    .execute() as Promise<AckPercentileRow[]>;
}
