/** Sync latency: events at a fixed rate, from each commit at zj until fj's projection shows it. */
import { randomUUID } from 'node:crypto';
import type { BenchContext } from '../support/context.ts';
import { percentiles, perSecond, sleep, sleepUntil, withTimeout } from '../support/measure.ts';
import type { SplitPair } from '../support/split-pair.ts';
import { fileNote, type NodeProbe } from './pair.ts';

const LATENCY_RATE_PER_SEC = 200;
const LATENCY_POLL_MS = 5;

interface Timed {
  recordId: string;
  issuedAt: number;
  committedAt: number;
  seenAt: number;
}

export async function measureLatency(
  pair: SplitPair,
  peer: NodeProbe,
  durationSeconds: number,
  ctx: BenchContext,
) {
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
