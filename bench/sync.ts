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
import { randomUUID } from 'node:crypto';
import { linkHead, type TestNode, writeNote } from '@tiemeng/api/testing';
import { createTestDatabase, type TestDatabase } from '@tiemeng/db/testing';
import { decodeProtectedHeader, type JWK } from 'jose';
import pg from 'pg';
import {
  appendWritesOnly,
  bulkInserts,
  ed25519Verifications,
  paddedJson,
  singleRowInserts,
} from './support/baselines.ts';
import type { BenchContext } from './support/context.ts';
import {
  machineBusyMs,
  percentiles,
  perSecond,
  processCpuMs,
  progressEvery10Percent,
  round,
  runConcurrently,
  seconds,
  sleep,
  sleepUntil,
  waitFor,
  withTimeout,
} from './support/measure.ts';
import { type SplitPair, startSplitPair } from './support/split-pair.ts';
import type { Target } from './support/targets.ts';

const ZJ = 'zj-taishun';
const FJ = 'fj-shouning';

const SIZES = {
  full: { events: 5_000, latencySeconds: 10, catchUpEvents: 100_000 },
  quick: { events: 1_000, latencySeconds: 3, catchUpEvents: 10_000 },
};
/** Writers in flight at zj (its pool holds 10 connections; the delivery worker needs one). */
const CONCURRENCY = 8;
const LATENCY_RATE_PER_SEC = 200;
const LATENCY_POLL_MS = 5;
const VERIFY_MS = 3_000;
const WARM_UP_EVENTS = 50;

/**
 * Delivery tuned for throughput: full batches (the apply limit) and a short backoff ceiling so catch-up
 * starts soon after the partition heals. Commits wake the sender (NOTIFY); the idle poll is only the
 * fallback. The safety-net pull is kept out of the run: after a partition it would fetch the very
 * entries the push is sending, and the two would collide on fj.
 */
const DELIVERY = {
  batchSize: 500,
  idlePollMs: 250,
  pullIntervalMs: 3_600_000,
  baseBackoffMs: 100,
  maxBackoffMs: 1_000,
};

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

/** Cheap reads of one node's database on a pool of its own, so probing does not queue behind the node. */
class NodeProbe {
  readonly #pool: pg.Pool;

  constructor(node: { connectionString: string }) {
    this.#pool = new pg.Pool({ connectionString: node.connectionString, max: 2 });
  }

  /** This node's head of the link zj → fj. */
  async headSeq(): Promise<number> {
    const { rows } = await this.#pool.query<{ seq: string }>(
      'select seq from link_head where from_node = $1 and to_node = $2',
      [ZJ, FJ],
    );
    return Number(rows[0]?.seq ?? 0);
  }

  /** Which of `recordIds` are in the projection (a primary-key lookup per id). */
  async visible(recordIds: readonly string[]): Promise<string[]> {
    const { rows } = await this.#pool.query<{ record_id: string }>(
      'select record_id from record_projection where record_id = any($1::uuid[])',
      [recordIds],
    );
    return rows.map((r) => r.record_id);
  }

  /** Count and digest of every projection's state hash, to compare nodes. */
  async projectionDigest(): Promise<{ count: number; digest: string }> {
    const { rows } = await this.#pool.query<{ count: number; digest: string }>(
      `select count(*)::int as count,
              md5(coalesce(string_agg(record_id::text || ':' || state_hash, ',' order by record_id), '')) as digest
         from record_projection`,
    );
    return rows[0]!;
  }

  /** The newest entry of the link zj → fj, exactly as signed. */
  async lastEntryJws(): Promise<string> {
    const { rows } = await this.#pool.query<{ jws: string }>(
      'select jws from link_entry where from_node = $1 and to_node = $2 order by seq desc limit 1',
      [ZJ, FJ],
    );
    if (!rows[0]) throw new Error('no entry on the link zj → fj');
    return rows[0].jws;
  }

  close(): Promise<void> {
    return this.#pool.end();
  }
}

let noteCounter = 0;

/** One new note at zj shared with fj: one event, one entry on the link zj → fj. */
function fileNote(node: TestNode, recordId?: string) {
  const n = ++noteCounter;
  return writeNote(node.services, {
    recordId,
    kind: 'create',
    data: { title: `benchmark note ${n}`, parties: [FJ] },
  });
}

/** Waits until fj's head of the link has reached zj's. */
async function waitCaughtUp(pair: SplitPair, peer: NodeProbe, what: string, timeoutMs: number) {
  const target = (await linkHead(pair.zj.services, ZJ, FJ)).seq;
  return waitFor(async () => (await peer.headSeq()) >= target, what, timeoutMs);
}

interface EntrySample {
  jws: string;
  payloadBytes: number;
  publicJwk: JWK;
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

interface Timed {
  recordId: string;
  issuedAt: number;
  committedAt: number;
  seenAt: number;
}

async function measureLatency(pair: SplitPair, peer: NodeProbe, durationSeconds: number, ctx: BenchContext) {
  const count = durationSeconds * LATENCY_RATE_PER_SEC;
  const intervalMs = 1000 / LATENCY_RATE_PER_SEC;
  ctx.log(`latency: ${count} events at ${LATENCY_RATE_PER_SEC}/s`);
  const events: Timed[] = Array.from({ length: count }, () => ({
    recordId: randomUUID(),
    issuedAt: 0,
    committedAt: 0,
    seenAt: 0,
  }));
  let issued = 0;
  let failure: unknown;
  const stop = new AbortController();
  const polling = pollVisible(peer, events, () => issued, stop.signal, (durationSeconds + 60) * 1000);
  polling.catch(() => {}); // awaited below; this only keeps an early timeout from counting as unhandled
  const started = performance.now();
  const writes: Promise<void>[] = [];
  try {
    // Open loop: each event goes out at its slot, whether or not earlier ones have committed.
    for (const [i, e] of events.entries()) {
      if (failure) break;
      await sleepUntil(started + i * intervalMs);
      e.issuedAt = performance.now();
      issued = i + 1;
      const write = fileNote(pair.zj, e.recordId).then(
        () => {
          e.committedAt = performance.now();
        },
        (err: unknown) => {
          failure ??= err;
        },
      );
      writes.push(write);
    }
    const lastIssued = performance.now();
    await withTimeout(Promise.all(writes), 60_000, 'latency writes');
    if (failure) throw failure;
    await polling;
    return {
      ratePerSec: LATENCY_RATE_PER_SEC,
      events: count,
      achievedRatePerSec: perSecond(count - 1, lastIssued - started),
      // Below the offered rate, zj could not keep up and the figures below include its queue.
      committedRatePerSec: perSecond(count, Math.max(...events.map((e) => e.committedAt)) - started),
      pollIntervalMs: LATENCY_POLL_MS,
      // Commit at zj → visible in fj's projection; includes up to one poll interval of observation delay.
      commitToVisibleMs: percentiles(events.map((e) => Math.max(0, e.seenAt - e.committedAt))),
      issueToCommitMs: percentiles(events.map((e) => e.committedAt - e.issuedAt)),
      target: { p99: 250 },
    };
  } finally {
    stop.abort();
  }
}

/**
 * Marks `seenAt` on every issued event once its record is in the peer's projection, polling only the
 * ids not yet seen. `seenAt` is the start of the poll that saw it (the query's snapshot).
 */
async function pollVisible(
  peer: NodeProbe,
  events: Timed[],
  issued: () => number,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let firstUnseen = 0;
  while (firstUnseen < events.length && !signal.aborted) {
    if (performance.now() > deadline) throw new Error('timed out waiting for latency events at fj');
    const pending = events.slice(firstUnseen, issued()).filter((e) => e.seenAt === 0);
    if (pending.length > 0) {
      const polledAt = performance.now();
      const seen = new Set(await peer.visible(pending.map((e) => e.recordId)));
      for (const e of pending) if (seen.has(e.recordId)) e.seenAt = polledAt;
      while (firstUnseen < events.length && events[firstUnseen]!.seenAt !== 0) firstUnseen++;
    }
    await sleep(LATENCY_POLL_MS);
  }
}

async function measureCatchUp(pair: SplitPair, peer: NodeProbe, events: number, ctx: BenchContext) {
  ctx.log(`catch-up: partitioned, writing ${events} events at zj, ${CONCURRENCY} at a time`);
  pair.partition();
  const writeStarted = performance.now();
  try {
    await withTimeout(
      runConcurrently(
        events,
        CONCURRENCY,
        () => fileNote(pair.zj),
        progressEvery10Percent(ctx.log, 'partitioned writes', events),
      ),
      1_200_000,
      'partitioned writes',
    );
  } catch (err) {
    pair.heal();
    throw err;
  }
  const writeMs = performance.now() - writeStarted;

  const target = (await linkHead(pair.zj.services, ZJ, FJ)).seq;
  const from = await peer.headSeq();
  const behind = target - from;
  ctx.log(`healing: fj is ${behind} entries behind`);
  const cpuBefore = catchUpCpu(pair);
  const healed = performance.now();
  pair.heal();
  let firstAdvance = 0;
  const report = progressEvery10Percent(ctx.log, 'catch-up', behind);
  let reported = 0;
  const done = await waitFor(
    async () => {
      const seq = await peer.headSeq();
      if (seq > from && firstAdvance === 0) firstAdvance = performance.now();
      // Log each 10 % step passed since the last poll.
      const step = Math.max(1, Math.floor(behind / 10));
      for (; reported + step <= seq - from; reported += step) report(reported + step);
      return seq >= target;
    },
    'fj to catch up',
    Math.max(60_000, events * 5),
    20,
  );
  return {
    events: behind,
    writeSeconds: seconds(writeMs),
    writeEventsPerSec: perSecond(events, writeMs),
    seconds: seconds(done - healed),
    eventsPerSec: perSecond(behind, done - healed),
    // Reconnecting (the sender may still be in backoff) versus moving entries once connected.
    firstEntryAfterMs: Math.round(firstAdvance - healed),
    eventsPerSecOnceFlowing: perSecond(behind, done - firstAdvance),
    cpuMsPerEntry: cpuPerEntry(cpuBefore, catchUpCpu(pair), behind),
    // Each node's process at the end: zj wrote and sent the entries, fj verified and applied them.
    rssMB: pair.rssMB(),
  };
}

/**
 * CPU used so far by the machine, by this process (zj, the sender, with the benchmark's TCP proxies
 * and polling) and by fj's (the receiver).
 */
function catchUpCpu(pair: SplitPair) {
  const own = process.cpuUsage();
  return {
    machine: machineBusyMs(),
    senderProcess: (own.user + own.system) / 1000,
    receiver: processCpuMs(pair.fj.pid),
  };
}

/** Where each caught-up entry's CPU went: the machine, the sender's process and the receiver (null if unknown). */
function cpuPerEntry(
  before: ReturnType<typeof catchUpCpu>,
  after: ReturnType<typeof catchUpCpu>,
  entries: number,
) {
  const per = (a: number | null, b: number | null) =>
    a === null || b === null ? null : round((b - a) / entries, 4);
  return {
    machine: per(before.machine, after.machine),
    senderProcess: per(before.senderProcess, after.senderProcess),
    receiver: per(before.receiver, after.receiver),
  };
}

async function measureCatchUpBaselines(
  scratch: TestDatabase,
  payload: string,
  sample: EntrySample,
  rows: number,
  ctx: BenchContext,
) {
  ctx.log(`baseline: ${rows} rows by multi-row INSERT`);
  const bulk = await bulkInserts(scratch.connectionString, { rows, batch: DELIVERY.batchSize, payload });
  ctx.log(`baseline: Ed25519 JWS verification on every core for ${VERIFY_MS / 1000} s`);
  const verify = await ed25519Verifications({
    jws: sample.jws,
    jwk: sample.publicJwk,
    durationMs: VERIFY_MS,
  });
  return { bulk, verify };
}

function summariseCatchUp(
  catchUp: Awaited<ReturnType<typeof measureCatchUp>>,
  baselines: Awaited<ReturnType<typeof measureCatchUpBaselines>>,
) {
  return {
    ...catchUp,
    baselines: {
      bulkInsert: { what: 'multi-row INSERT, same payload size', ...baselines.bulk },
      ed25519Verify: { what: 'verifying a real entry, one worker thread per core', ...baselines.verify },
    },
    // Against the cores' own verification rate: the ceiling for a path that must verify every entry.
    ratioToVerify: round(catchUp.eventsPerSec / baselines.verify.nodeCryptoPerSec, 3),
    ratioToJoseVerify: round(catchUp.eventsPerSec / baselines.verify.josePerSec, 3),
    ratioToBulkInsert: round(catchUp.eventsPerSec / baselines.bulk.rowsPerSec, 3),
    ceiling: catchUpCeiling(baselines),
    target: { ratioToVerify: 0.7 },
  };
}

/**
 * The fastest catch-up this machine allows for work every entry must get, whoever does it: one
 * Ed25519 verification (its CPU time from the all-core rate) and two rows stored, the signed entry
 * and the event, at the bulk INSERT's CPU cost per row. Reading and sending at zj, parsing, folding,
 * projections and audit are left out, so the real ceiling is lower. Null where machine CPU cannot be
 * read.
 */
function catchUpCeiling({ bulk, verify }: Awaited<ReturnType<typeof measureCatchUpBaselines>>) {
  if (bulk.machineCpuMsPerRow === null) return null;
  const verifyCpuMs = (verify.threads * 1000) / verify.nodeCryptoPerSec;
  const storeCpuMs = 2 * bulk.machineCpuMsPerRow;
  const eventsPerSec = Math.round((verify.threads * 1000) / (verifyCpuMs + storeCpuMs));
  return {
    what: 'verify + store two rows per entry, all cores busy, nothing else',
    cores: verify.threads,
    verifyCpuMsPerEntry: round(verifyCpuMs, 4),
    storeCpuMsPerEntry: round(storeCpuMs, 4),
    eventsPerSec,
    ratioToVerify: round(eventsPerSec / verify.nodeCryptoPerSec, 3),
  };
}

async function sameProjections(a: NodeProbe, b: NodeProbe): Promise<boolean> {
  const [x, y] = await Promise.all([a.projectionDigest(), b.projectionDigest()]);
  return x.count === y.count && x.digest === y.digest;
}
