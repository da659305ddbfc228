/**
 * Sync between two real nodes (zj-taishun → fj-shouning), each in its own process and on its own
 * database of one PostgreSQL server, talking HTTP through loopback proxies. Every event is an urgent
 * assistance request filed as officers file them (`assistance.file` through the in-process caller:
 * middleware, service, the call's audit row in the same transaction), signed onto the link to fj,
 * pushed, verified, stored and folded there:
 *
 * - throughput: 50 callers at once, until fj has folded them all; against single-row INSERT
 *   transactions (8 clients) and the same writes at both nodes in plain SQL (zj's in groups of the
 *   size the engine formed, fj's at the same time in batches of the size it applied); the three
 *   alternate over rounds, medians reported;
 * - latency: 200 filings/s, from each call until the record shows in fj's projection;
 * - feeds: 200 filings/s, from each call until it reaches each of 50 live feeds open at fj over HTTP;
 *   and fj's database transactions while the feeds sit idle;
 * - catch-up: filings made during a partition, then the time until fj holds them all, with each
 *   node's RSS; against Ed25519 verification on every core, and verifying plus the partner's writes in
 *   plain SQL as its ceiling.
 */
import { type FilingOfficer, filingOfficer } from '@tiemeng/api/testing';
import { createTestDatabase, type TestDatabase } from '@tiemeng/db/testing';
import { decodeProtectedHeader } from 'jose';
import { paddedJson } from './support/baselines.ts';
import type { BenchContext } from './support/context.ts';
import { runConcurrently } from './support/measure.ts';
import { filingRows, PlainWrites } from './support/plain-writes.ts';
import { type SplitPair, startSplitPair } from './support/split-pair.ts';
import type { Target } from './support/targets.ts';
import { measureCatchUp, measureCatchUpBaselines, summariseCatchUp } from './sync/catch-up.ts';
import { measureFeeds } from './sync/feeds.ts';
import { measureLatency } from './sync/latency.ts';
import { CALLERS, DELIVERY, type EntrySample, fileUrgent, NodeProbe, waitCaughtUp } from './sync/pair.ts';
import { measureThroughput } from './sync/throughput.ts';

const SIZES = {
  full: {
    events: 5_000,
    rounds: 5,
    latencySeconds: 10,
    idleSeconds: 10,
    catchUpEvents: 100_000,
    storeSample: 20_000,
  },
  quick: {
    events: 1_000,
    rounds: 2,
    latencySeconds: 3,
    idleSeconds: 5,
    catchUpEvents: 10_000,
    storeSample: 5_000,
  },
};
const WARM_UP_EVENTS = 500;

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
    const officer = await filingOfficer(pair.zj);

    const { sample, recordId, groupSize, batchSize } = await warmUp(pair, officer, { origin, peer }, ctx);
    const rows = await filingRows(pair.zj.services.db, recordId);
    const plain = await PlainWrites.open(ctx.serverUrl, rows);
    cleanup.push(() => plain.close());
    const partner = await PlainWrites.open(ctx.serverUrl, rows);
    cleanup.push(() => partner.close());
    await plain.appendGroup(groupSize);
    await partner.applyBatch(batchSize);
    const payload = paddedJson(sample.payloadBytes);

    const throughput = await measureThroughput(
      {
        officer,
        origin,
        peer,
        plain,
        partner,
        scratchUrl: scratch.connectionString,
        payload,
        groupSize,
        batchSize,
      },
      { events: sizes.events, rounds: sizes.rounds },
      ctx,
    );
    const latency = await measureLatency(officer, peer, sizes.latencySeconds, ctx);
    const catchUp = await measureCatchUp(pair, officer, peer, sizes.catchUpEvents, ctx);
    const feeds = await measureFeeds(
      pair,
      officer,
      ctx.serverUrl,
      { seconds: sizes.latencySeconds, idleSeconds: sizes.idleSeconds },
      ctx,
    );
    const catchUpBaselines = await measureCatchUpBaselines(
      plain,
      sample,
      Math.min(sizes.storeSample, sizes.catchUpEvents),
      ctx,
    );
    const consistent = await sameProjections(origin, peer);
    if (!consistent) throw new Error('the projections of zj and fj differ after the run');
    return {
      delivery: DELIVERY,
      callers: CALLERS,
      entry: { payloadBytes: sample.payloadBytes, jwsBytes: sample.jws.length },
      throughput,
      latency,
      feeds,
      catchUp: summariseCatchUp(catchUp, catchUpBaselines),
      consistent,
      note:
        'Every event is an urgent request filed through assistance.file (in-process caller: middleware, service, audit row in the same transaction); the catch-up events too, filed at zj while the link is cut. ' +
        'Latencies run from the call being issued at zj (so they include the sequencer queue and the commit). zj runs in the benchmark process (its RSS includes the benchmark and its proxies); fj in a child process. The catch-up runs before the feeds, whose load would swell both processes first. The feeds are measured after two seconds of the same load (not counted), as a node in service runs warm. ' +
        `The catch-up ceiling's writes are timed on ${Math.min(sizes.storeSample, sizes.catchUpEvents)} entries and combined with the verification rate by CPU time.`,
    };
  } finally {
    for (const step of cleanup.reverse()) await step().catch((err) => ctx.log(`cleanup: ${err}`));
  }
}

export function targets(f: Awaited<ReturnType<typeof run>>): Target[] {
  const { throughput: t, latency, feeds, catchUp: c } = f;
  const verify = c.baselines.ed25519Verify.nodeCryptoPerSec;
  const groupWrite = `plain-SQL group write at zj p50 ${t.ceiling.groupMs.p50} ms, p99 ${t.ceiling.groupMs.p99} ms`;
  const rss = (n: { startMB: number | null; peakMB: number | null; endMB: number | null }) =>
    `${n.startMB} → peak ${n.peakMB} → ${n.endMB} MB`;
  const peaks = [c.rssMB.zj?.peakMB, c.rssMB.fj?.peakMB];
  return [
    {
      measure: `live throughput, ${t.callers} callers, median of ${t.rounds} rounds`,
      result: `${t.eventsPerSec} events/s (groups of ${t.meanGroup})`,
      baseline: `${t.baseline.rowsPerSec} single-row INSERT tx/s (${t.baseline.clients} clients)`,
      ratio: t.ratio,
      target: '≥ 0.5×',
      met: t.ratio >= 0.5,
      ceiling: `${t.ceiling.eventsPerSec}/s, ${t.ceiling.ratioToBaseline}× (the same writes at both nodes in plain SQL, groups of ${t.meanGroup}, batches of ${t.meanBatchAtFj} at fj at the same time)`,
    },
    {
      measure: 'live throughput ÷ its ceiling',
      result: `${t.eventsPerSec} events/s`,
      baseline: `${t.ceiling.eventsPerSec}/s plain SQL`,
      ratio: t.ratioToCeiling,
      target: '≥ 0.7×',
      met: t.ratioToCeiling >= 0.7,
    },
    {
      measure: `filed → visible at fj, ${latency.ratePerSec}/s`,
      result: `p50 ${latency.filedToVisibleMs.p50} ms, p99 ${latency.filedToVisibleMs.p99} ms`,
      baseline: '',
      ratio: null,
      target: 'p99 ≤ 250 ms',
      met: latency.filedToVisibleMs.p99 <= 250,
      ceiling: groupWrite,
    },
    {
      measure: `filed → on ${feeds.feeds} live feeds at fj, ${feeds.ratePerSec}/s`,
      result: `p50 ${feeds.filedToFeedMs.p50} ms, p99 ${feeds.filedToFeedMs.p99} ms`,
      baseline: '',
      ratio: null,
      target: 'p99 ≤ 300 ms',
      met: feeds.filedToFeedMs.p99 <= 300,
      ceiling: groupWrite,
    },
    {
      measure: `fj database transactions by ${feeds.feeds} idle feeds`,
      result: `${feeds.idle.byIdleFeedsPerSec}/s (${feeds.idle.withIdleFeeds.perSec}/s with, ${feeds.idle.withoutFeeds.perSec}/s without)`,
      baseline: '',
      ratio: null,
      target: '≈ 0 (< 1/s)',
      met: feeds.idle.byIdleFeedsPerSec < 1,
    },
    {
      measure: `catch-up of ${c.events} events`,
      result: `${c.eventsPerSec} events/s${
        c.cpuMsPerEntry.machine === null ? '' : `, ${c.cpuMsPerEntry.machine} CPU-ms each`
      }`,
      baseline: `${verify} Ed25519 verifications/s (all cores)`,
      ratio: c.ratioToVerify,
      target: '≥ 0.6×',
      met: c.ratioToVerify >= 0.6,
      ...(c.ceiling && {
        ceiling: `${c.ceiling.eventsPerSec}/s, ${c.ceiling.ratioToVerify}× (verify + the partner's writes in plain SQL: ${c.ceiling.verifyCpuMsPerEntry} + ${c.ceiling.storeCpuMsPerEntry} CPU-ms each)`,
      }),
    },
    {
      measure: 'catch-up ÷ its ceiling',
      result: `${c.eventsPerSec} events/s`,
      baseline: c.ceiling ? `${c.ceiling.eventsPerSec}/s verify + plain SQL` : 'unknown',
      ratio: c.ratioToCeiling,
      target: '≥ 0.7×',
      met: c.ratioToCeiling !== null && c.ratioToCeiling >= 0.7,
    },
    {
      measure: 'RSS during catch-up',
      result: `zj ${rss(c.rssMB.zj!)}, fj ${rss(c.rssMB.fj!)}`,
      baseline: '',
      ratio: null,
      target: '≤ 300 MB each, flat',
      met: peaks.every((p) => p !== null && p !== undefined && p <= 300),
    },
  ];
}

/**
 * Opens every connection and JIT path once; answers a real entry for the size-matched baselines, a
 * filed record whose rows the plain-SQL ceiling copies, and the engine's mean group size and fj's
 * mean inbound batch so far.
 */
async function warmUp(
  pair: SplitPair,
  officer: FilingOfficer,
  { origin, peer }: { origin: NodeProbe; peer: NodeProbe },
  ctx: BenchContext,
) {
  ctx.log(`warming up with ${WARM_UP_EVENTS} filings, ${CALLERS} callers`);
  const ids: string[] = [];
  await runConcurrently(WARM_UP_EVENTS, CALLERS, async () => {
    ids.push(await fileUrgent(officer));
  });
  await waitCaughtUp(pair, peer, 'warm-up filings at fj', 60_000);
  const jws = await peer.lastEntryJws();
  const payloadBytes = Buffer.from(jws.split('.')[1]!, 'base64url').length;
  const { kid } = decodeProtectedHeader(jws);
  const publicJwk = pair.zj.services.keys.jwks.keys.find((k) => k.kid === kid);
  if (!publicJwk) throw new Error(`zj does not list its signing key ${kid}`);
  const sample: EntrySample = { jws, payloadBytes, publicJwk };
  const groupSize = Math.max(1, Math.round(ids.length / Math.max(1, await origin.transactionsOf(ids))));
  const batchSize = Math.max(1, Math.round(ids.length / Math.max(1, await peer.transactionsOf(ids))));
  return { sample, recordId: ids.at(-1)!, groupSize, batchSize };
}

async function sameProjections(a: NodeProbe, b: NodeProbe): Promise<boolean> {
  const [x, y] = await Promise.all([a.projectionDigest(), b.projectionDigest()]);
  return x.count === y.count && x.digest === y.digest;
}
