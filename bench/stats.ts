/**
 * `npm run bench -- stats`: one month's joint statistics over a year of 1,000,000 events, against a
 * plain `count(*)` scan of the events table measured in the same run. Target: ≤ 3× the scan.
 *
 * The history is generated in SQL (the shape the folds would write: events plus their statistic
 * facts), because the figure measured is the read, not the writing.
 */
import { startTestNode } from '@tiemeng/api/testing';
import { sql } from 'kysely';
import type { BenchContext } from './support/context.ts';
import { median } from './support/measure.ts';
import type { Target } from './support/targets.ts';

const RUNS = 7;

export async function run(ctx: BenchContext) {
  const records = ctx.quick ? 20_000 : 200_000;
  const eventsPerRecord = 5;
  const node = await startTestNode({ serverUrl: ctx.serverUrl, side: 'zj' });
  try {
    const db = node.services.db;
    ctx.log(`generating ${records * eventsPerRecord} events of ${records} requests over 2025`);
    await sql`create temp table gen as
      select gen_random_uuid() as id,
             timestamptz '2025-01-01 00:00+08' + random() * interval '365 days' as t,
             (random() < 0.5) as inbound, floor(random() * 6)::int as cat, random() as p
      from generate_series(1, ${records})`.execute(db);
    await sql`insert into event (id, record_type, record_id, author, hlc, at, kind, actor, data)
      select gen_random_uuid(), 'assistance', g.id, case when g.inbound then 'fj-shouning' else 'zj-taishun' end,
             to_char(g.t + k * interval '20 minutes', 'YYYYMMDDHH24MISSMS') || '-0000',
             g.t + k * interval '20 minutes',
             (array['file','acknowledge','start','complete','close'])[k + 1],
             '{"officer":"fj.officer","station":"fj-xixi","roles":["officer"]}',
             '{"title":"协查请求","details":"generated for the statistics benchmark"}'
      from gen g, generate_series(0, ${eventsPerRecord - 1}) k`.execute(db);
    const facts = (metric: string, offsetMinutes: number, value: string, where = 'true') =>
      sql`insert into stat_fact (record_id, metric, at, from_node, to_node, station, category, priority, value)
        select id, ${metric}, t + ${offsetMinutes} * interval '1 minute',
               case when inbound then 'fj-shouning' else 'zj-taishun' end,
               case when inbound then 'zj-taishun' else 'fj-shouning' end,
               case when inbound then 'fj-xixi' else 'zj-luoyang' end,
               (array['suspect_pursuit','vehicle_check','person_verification','evidence_collection','missing_person_search','other'])[cat + 1],
               case when p < 0.3 then 'urgent' else 'normal' end, ${sql.raw(value)}
        from gen where ${sql.raw(where)}`.execute(db);
    await facts('assistance.filed', 0, '1');
    await facts('assistance.acknowledged', 20, '20');
    await facts('assistance.ack_in_time', 20, '1', 'p > 0.1');
    await facts('assistance.completed', 60, '1');
    await facts('cases.solved', 60, '1', 'p > 0.9');
    await facts('missing.traced', 60, '1', 'cat = 4');
    await sql`analyze`.execute(db);
    const counted = await sql<{ n: number }>`select count(*)::int8 as n from event`.execute(db);
    const factCount = await sql<{ n: number }>`select count(*)::int8 as n from stat_fact`.execute(db);

    const scan = await medianMs(RUNS, () => sql`select count(*) from event`.execute(db));
    const month = { from: '2025-06-01', to: '2025-06-30' };
    const monthMs = await medianMs(RUNS, () => node.services.stats.summary(month));
    const weeksMs = await medianMs(RUNS, () => node.services.stats.summary({ ...month, groupBy: 'week' }));
    const summary = await node.services.stats.summary(month);
    return {
      events: Number(counted.rows[0]!.n),
      statFacts: Number(factCount.rows[0]!.n),
      runs: RUNS,
      baseline: { countStarScanMs: scan },
      monthSummaryMs: monthMs,
      monthByWeekMs: weeksMs,
      ratioToScan: round2(monthMs / scan),
      target: { ratioToScanAtMost: 3 },
      sampleFigures: { filed: summary.groups[0]?.figures.requests.filed ?? 0 },
    };
  } finally {
    await node.destroy();
  }
}

export function targets(f: Awaited<ReturnType<typeof run>>): Target[] {
  return [
    {
      measure: `one month over ${f.events} events`,
      result: `${f.monthSummaryMs} ms`,
      baseline: `${f.baseline.countStarScanMs} ms count(*)`,
      ratio: f.ratioToScan,
      target: '≤ 3×',
      met: f.ratioToScan <= 3,
    },
  ];
}

async function medianMs(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm the cache and plans
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return round2(median(times));
}

const round2 = (n: number) => Math.round(n * 100) / 100;
