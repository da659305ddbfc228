/** Sync catch-up: events written during a partition, then the time until fj holds them all. */
import { type FilingOfficer, linkHead } from '@tiemeng/api/testing';
import { ed25519Verifications } from '../support/baselines.ts';
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
import type { PlainWrites } from '../support/plain-writes.ts';
import { RssSampler } from '../support/rss-sampler.ts';
import type { SplitPair } from '../support/split-pair.ts';
import { CALLERS, DELIVERY, type EntrySample, FJ, fileUrgent, type NodeProbe, ZJ } from './pair.ts';

const VERIFY_MS = 3_000;

export async function measureCatchUp(
  pair: SplitPair,
  officer: FilingOfficer,
  peer: NodeProbe,
  events: number,
  ctx: BenchContext,
) {
  ctx.log(`catch-up: partitioned, filing ${events} urgent requests at zj, ${CALLERS} callers`);
  pair.partition();
  const writeStarted = performance.now();
  try {
    await withTimeout(
      runConcurrently(
        events,
        CALLERS,
        () => fileUrgent(officer),
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
  const rss = new RssSampler({ zj: process.pid, fj: pair.fj.pid });
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
  const memory = rss.stop();
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
    // Each node's process from heal to caught up: zj (this process: the node, the benchmark and its
    // proxies) read and sent the entries, fj verified and applied them.
    rssMB: memory,
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

/**
 * The catch-up's references: Ed25519 verification of a real entry on every core, and the partner's
 * writes for as many entries in plain SQL (`PlainWrites.applyBatch`) in batches of the delivery's
 * size, with what they cost the machine in CPU.
 */
export async function measureCatchUpBaselines(
  plain: PlainWrites,
  sample: EntrySample,
  entries: number,
  ctx: BenchContext,
) {
  const batch = DELIVERY.batchSize;
  ctx.log(`ceiling: the partner's writes for ${entries} entries in plain SQL, batches of ${batch}`);
  const busyBefore = machineBusyMs();
  const started = performance.now();
  for (let left = entries; left > 0; left -= batch) await plain.applyBatch(Math.min(batch, left));
  const ms = performance.now() - started;
  const busy = machineBusyMs();
  const store = {
    entries,
    batch,
    seconds: seconds(ms),
    entriesPerSec: perSecond(entries, ms),
    machineCpuMsPerEntry:
      busy === null || busyBefore === null ? null : round((busy - busyBefore) / entries, 4),
  };
  ctx.log(`baseline: Ed25519 JWS verification on every core for ${VERIFY_MS / 1000} s`);
  const verify = await ed25519Verifications({
    jws: sample.jws,
    jwk: sample.publicJwk,
    durationMs: VERIFY_MS,
  });
  return { store, verify };
}

export function summariseCatchUp(
  catchUp: Awaited<ReturnType<typeof measureCatchUp>>,
  baselines: Awaited<ReturnType<typeof measureCatchUpBaselines>>,
) {
  const ceiling = catchUpCeiling(baselines);
  return {
    ...catchUp,
    baselines: {
      ed25519Verify: { what: 'verifying a real entry, one worker thread per core', ...baselines.verify },
      plainStore: {
        what: "the partner's writes per entry in plain SQL (applyEntries' statements: the link head's lock, the records' locks, events, entries and head in one statement, projections and facts, the push's audit row), one connection, batches of the delivery's size",
        ...baselines.store,
      },
    },
    // Against the cores' own verification rate: the ceiling for a path that must verify every entry.
    ratioToVerify: round(catchUp.eventsPerSec / baselines.verify.nodeCryptoPerSec, 3),
    ratioToJoseVerify: round(catchUp.eventsPerSec / baselines.verify.josePerSec, 3),
    ceiling,
    ratioToCeiling: ceiling ? round(catchUp.eventsPerSec / ceiling.eventsPerSec, 2) : null,
    target: { ratioToVerify: 0.6, ratioToCeiling: 0.7, rssMB: 300 },
  };
}

/**
 * The fastest catch-up this machine allows for work every entry must get, whoever does it: one
 * Ed25519 verification (its CPU time from the all-core rate) and the partner's writes in plain SQL
 * (their CPU time on the whole machine, PostgreSQL included), all cores busy with nothing else.
 * Reading and sending at zj, HTTP, parsing and folding are left out, so the real ceiling is lower.
 * Null where machine CPU cannot be read.
 */
function catchUpCeiling({ store, verify }: Awaited<ReturnType<typeof measureCatchUpBaselines>>) {
  if (store.machineCpuMsPerEntry === null) return null;
  const verifyCpuMs = (verify.threads * 1000) / verify.nodeCryptoPerSec;
  const storeCpuMs = store.machineCpuMsPerEntry;
  const eventsPerSec = Math.round((verify.threads * 1000) / (verifyCpuMs + storeCpuMs));
  return {
    what: "verify + the partner's writes in plain SQL per entry, all cores busy, nothing else",
    cores: verify.threads,
    verifyCpuMsPerEntry: round(verifyCpuMs, 4),
    storeCpuMsPerEntry: round(storeCpuMs, 4),
    eventsPerSec,
    ratioToVerify: round(eventsPerSec / verify.nodeCryptoPerSec, 3),
  };
}
