/**
 * `npm run bench -- reconcile`: 1,000,000 shared records on two real nodes, 10 of them differing;
 * one reconciliation run's round trips, bytes and seconds, against the bytes of the naive baseline,
 * sending every record's id and state hash. Targets: ≤ 4 round trips and ≤ 16 KB to find the
 * differences, ≥ 100× fewer bytes than the baseline.
 */
import { actAs, insertSyntheticProjections, startTestPair, type TestNode } from '@tiemeng/api/testing';
import { sql } from 'kysely';
import type { BenchContext } from './support/context.ts';
import type { Target } from './support/targets.ts';

const ZJ = 'zj-taishun';
const FJ = 'fj-shouning';
const DIFFERING = 10;

/** Identical projection rows on a node, straight in SQL: the set to compare (no events behind them). */
const insertShared = (node: TestNode, count: number) =>
  insertSyntheticProjections(node.services, {
    count,
    prefix: 'bench',
    recordType: 'bench.synthetic',
    owner: ZJ,
    parties: [ZJ, FJ],
  });

export async function run(ctx: BenchContext) {
  const records = ctx.quick ? 100_000 : 1_000_000;
  const pair = await startTestPair(ctx.serverUrl);
  try {
    ctx.log(`inserting ${records} shared records on both nodes`);
    await Promise.all([insertShared(pair.zj, records), insertShared(pair.fj, records)]);
    // Ten records differ: spread over the key space by construction (md5 of their numbers).
    const step = Math.floor(records / DIFFERING);
    const numbers = Array.from({ length: DIFFERING }, (_, i) => 1 + i * step);
    await sql`update record_projection set state_hash = repeat('f', 64)
               where record_id = any(array(select md5('bench-' || n)::uuid from unnest(${numbers}::int[]) n))`.execute(
      pair.fj.services.db,
    );

    const admin = await actAs(pair.zj, 'zj.admin');
    ctx.log('reconciling');
    const started = performance.now();
    const report = await admin.reconcile.run({ peer: FJ });
    const seconds = (performance.now() - started) / 1000;
    const state = report.phases.state!;
    const stateBytes = state.bytesSent + state.bytesReceived;
    // The baseline: every record's id (16 bytes) and state hash (32 bytes), in binary, one way.
    const baselineBytes = records * (16 + 32);
    return {
      records,
      differing: DIFFERING,
      found: report.differencesFound,
      setReconciliation: {
        roundTrips: state.roundTrips,
        bytes: stateBytes,
        buckets: state.buckets,
      },
      wholeRun: {
        roundTrips: report.roundTrips,
        bytes: report.bytesExchanged,
        seconds: Math.round(seconds * 100) / 100,
      },
      baseline: { what: "every record's id and state hash, binary, one way", bytes: baselineBytes },
      bytesRatioToBaseline: Math.round(baselineBytes / stateBytes),
      target: { roundTripsAtMost: 4, bytesAtMost: 16 * 1024, timesFewerBytesThanBaselineAtLeast: 100 },
    };
  } finally {
    await pair.destroy();
  }
}

export function targets(f: Awaited<ReturnType<typeof run>>): Target[] {
  const found = `${f.found} of ${f.differing} differing among ${f.records}`;
  return [
    {
      measure: `round trips (${found})`,
      result: String(f.setReconciliation.roundTrips),
      baseline: '',
      ratio: null,
      target: '≤ 4',
      met: f.setReconciliation.roundTrips <= 4 && f.found === f.differing,
    },
    {
      measure: 'bytes exchanged',
      result: `${(f.setReconciliation.bytes / 1024).toFixed(1)} KB (${f.bytesRatioToBaseline}× fewer)`,
      baseline: `${(f.baseline.bytes / 2 ** 20).toFixed(1)} MB of ids and hashes`,
      ratio: null,
      target: '≤ 16 KB, ≥ 100× fewer',
      met: f.setReconciliation.bytes <= 16 * 1024 && f.bytesRatioToBaseline >= 100,
    },
  ];
}
