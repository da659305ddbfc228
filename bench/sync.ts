/**
 * Sync between two real nodes (zj-taishun → fj-shouning), each in its own process and on its own
 * database of one PostgreSQL server, talking HTTP through loopback proxies:
 *
 * - throughput: events filed one per transaction at zj until all are in fj's projection, against
 *   single-row auto-commit INSERTs of the same size and concurrency;
 * - latency: events at a fixed rate, from each commit at zj until the record shows in fj's projection;
 * - catch-up: events written during a partition, then the time until fj holds them all, against a bulk
 *   INSERT of as many rows and Ed25519 verification on every core.
 *
 * Each ratio target also gets a ceiling measured in the same run: the most the machine allows for the
 * work the target counts, with nothing of ours around it (see `appendWritesOnly`, `catchUpCeiling`).
 */
import { createTestDatabase, type TestDatabase } from '@tiemeng/db/testing';
import { decodeProtectedHeader } from 'jose';
import { appendWritesOnly, paddedJson, singleRowInserts } from './support/baselines.ts';
import type { BenchContext } from './support/context.ts';
import { perSecond, round, runConcurrently, seconds, waitFor, withTimeout } from './support/measure.ts';
import { type SplitPair, startSplitPair } from './support/split-pair.ts';
import type { Target } from './support/targets.ts';
import { measureCatchUp, measureCatchUpBaselines, summariseCatchUp } from './sync/catch-up.ts';
import { measureLatency } from './sync/latency.ts';
import { CONCURRENCY, DELIVERY, type EntrySample, fileNote, NodeProbe, waitCaughtUp } from './sync/pair.ts';

const SIZES = {
  full: { events: 5_000, latencySeconds: 10, catchUpEvents: 100_000 },
  quick: { events: 1_000, latencySeconds: 3, catchUpEvents: 10_000 },
};
const WARM_UP_EVENTS = 50;

export async function run(ctx: BenchContext) {
  const sizes = ctx.quick ? SIZES.quick : SIZES.full;
  const cleanup: (() => Promise<void>)[] = [];
  try {
    const scratch: TestDatabase = await createTestDatabase(ctx.serverUrl, 'bench');
    cleanup.push(() => scratch.drop());
    ctx.log('starting the pair');
    const pair = await startSplitPair(ctx.serverUrl, DELIVERY);
    cleanup.push(() => pair.destroy());
    const peer = new NodeProbe(pair.fj);
    const origin = new NodeProbe(pair.zj);
    cleanup.push(
      () => peer.close(),
      () => origin.close(),
    );

    const sample = await warmUp(pair, peer, ctx);
    const payload = paddedJson(sample.payloadBytes);
    const throughput = await measureThroughput(pair, peer, scratch, payload, sample, sizes.events, ctx);
    const latency = await measureLatency(pair, peer, sizes.latencySeconds, ctx);
    const catchUp = await measureCatchUp(pair, peer, sizes.catchUpEvents, ctx);
    const catchUpBaselines = await measureCatchUpBaselines(
      scratch,
      payload,
      sample,
      sizes.catchUpEvents,
      ctx,
    );
    const consistent = await sameProjections(origin, peer);
    if (!consistent) throw new Error('the projections of zj and fj differ after the run');
    return {
      delivery: DELIVERY,
      concurrency: CONCURRENCY,
      entry: { payloadBytes: sample.payloadBytes, jwsBytes: sample.jws.length },
      throughput,
      latency,
      catchUp: summariseCatchUp(catchUp, catchUpBaselines),
      consistent,
    };
  } finally {
    for (const step of cleanup.reverse()) await step().catch((err) => ctx.log(`cleanup: ${err}`));
  }
}

export function targets({ throughput, latency, catchUp }: Awaited<ReturnType<typeof run>>): Target[] {
  const verify = catchUp.baselines.ed25519Verify.nodeCryptoPerSec;
  return [
    {
      measure: 'live throughput',
      result: `${throughput.eventsPerSec} events/s`,
      baseline: `${throughput.baseline.rowsPerSec} single-row INSERTs/s`,
      ratio: throughput.ratio,
      target: '≥ 0.5×',
      met: throughput.ratio >= 0.5,
      ceiling: `${throughput.ceiling.ratio}× (an append's writes alone, ${throughput.ceiling.eventsPerSec}/s)`,
    },
    {
      measure: `latency at ${latency.ratePerSec} events/s`,
      result: `p50 ${latency.commitToVisibleMs.p50} ms, p99 ${latency.commitToVisibleMs.p99} ms`,
      baseline: '',
      ratio: null,
      target: 'p99 ≤ 250 ms',
      met: latency.commitToVisibleMs.p99 <= 250,
    },
    {
      measure: `catch-up of ${catchUp.events} events`,
      result: `${catchUp.eventsPerSec} events/s${
        catchUp.cpuMsPerEntry.machine === null ? '' : `, ${catchUp.cpuMsPerEntry.machine} CPU-ms each`
      }`,
      baseline: `${verify} Ed25519 verifications/s`,
      ratio: catchUp.ratioToVerify,
      target: '≥ 0.7×',
      met: catchUp.ratioToVerify >= 0.7,
      ...(catchUp.ceiling && {
        ceiling: `${catchUp.ceiling.ratioToVerify}× (verifying and storing two rows, on every core: ${round(
          catchUp.ceiling.verifyCpuMsPerEntry + catchUp.ceiling.storeCpuMsPerEntry,
          4,
        )} CPU-ms each)`,
      }),
    },
  ];
}

/** Opens every connection and JIT path once, and samples a real entry for the size-matched baselines. */
async function warmUp(pair: SplitPair, peer: NodeProbe, ctx: BenchContext): Promise<EntrySample> {
  ctx.log(`warming up with ${WARM_UP_EVENTS} events`);
  await runConcurrently(WARM_UP_EVENTS, CONCURRENCY, () => fileNote(pair.zj));
  await waitCaughtUp(pair, peer, 'warm-up events at fj', 30_000);
  const jws = await peer.lastEntryJws();
  const payloadBytes = Buffer.from(jws.split('.')[1]!, 'base64url').length;
  const { kid } = decodeProtectedHeader(jws);
  const publicJwk = pair.zj.services.keys.jwks.keys.find((k) => k.kid === kid);
  if (!publicJwk) throw new Error(`zj does not list its signing key ${kid}`);
  return { jws, payloadBytes, publicJwk };
}

async function measureThroughput(
  pair: SplitPair,
  peer: NodeProbe,
  scratch: TestDatabase,
  payload: string,
  sample: EntrySample,
  events: number,
  ctx: BenchContext,
) {
  ctx.log(`baseline: ${events} single-row INSERTs, ${CONCURRENCY} at a time`);
  const baseline = await singleRowInserts(scratch.connectionString, {
    rows: events,
    concurrency: CONCURRENCY,
    payload,
  });
  ctx.log(`ceiling: an append's writes alone in plain SQL, ${events} events, ${CONCURRENCY} at a time`);
  const writesOnly = await appendWritesOnly(scratch.connectionString, {
    events,
    concurrency: CONCURRENCY,
    payload,
    jwsBytes: sample.jws.length,
  });

  ctx.log(`throughput: ${events} events, ${CONCURRENCY} at a time`);
  const from = await peer.headSeq();
  const started = performance.now();
  await withTimeout(
    runConcurrently(events, CONCURRENCY, () => fileNote(pair.zj)),
    600_000,
    'throughput writes',
  );
  const written = performance.now();
  const visible = await waitFor(async () => (await peer.headSeq()) >= from + events, 'events at fj', 120_000);
  const ms = visible - started;
  const eventsPerSec = perSecond(events, ms);
  return {
    events,
    writeSeconds: seconds(written - started),
    writeEventsPerSec: perSecond(events, written - started),
    seconds: seconds(ms),
    eventsPerSec,
    lagAfterLastWriteMs: Math.round(visible - written),
    baseline: { what: 'single-row auto-commit INSERT, same payload size', ...baseline },
    ratio: round(eventsPerSec / baseline.rowsPerSec, 2),
    ceiling: {
      what: "an append's writes in plain SQL, each in its own transaction (appendWritesOnly)",
      ...writesOnly,
      ratio: round(writesOnly.eventsPerSec / baseline.rowsPerSec, 2),
    },
    target: 0.5,
  };
}

async function sameProjections(a: NodeProbe, b: NodeProbe): Promise<boolean> {
  const [x, y] = await Promise.all([a.projectionDigest(), b.projectionDigest()]);
  return x.count === y.count && x.digest === y.digest;
}
