/** Sync catch-up: events written during a partition, then the time until fj holds them all. */
import { linkHead } from '@tiemeng/api/testing';
import type { TestDatabase } from '@tiemeng/db/testing';
import { bulkInserts, ed25519Verifications } from '../support/baselines.ts';
import type { BenchContext } from '../support/context.ts';
import {
  machineBusyMs,
  perSecond,
  processCpuMs,
  progressEvery10Percent,
  round,
  runConcurrently,
  seconds,
  waitFor,
  withTimeout,
} from '../support/measure.ts';
import type { SplitPair } from '../support/split-pair.ts';
import { CONCURRENCY, DELIVERY, type EntrySample, FJ, fileNote, type NodeProbe, ZJ } from './pair.ts';

const VERIFY_MS = 3_000;

export async function measureCatchUp(pair: SplitPair, peer: NodeProbe, events: number, ctx: BenchContext) {
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

export async function measureCatchUpBaselines(
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

export function summariseCatchUp(
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
