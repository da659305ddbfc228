/** Sync latency: urgent requests filed at zj at a fixed rate, until each shows in fj's projection. */
import type { FilingOfficer } from '@tiemeng/api/testing';
import type { BenchContext } from '../support/context.ts';
import { percentiles, sleep } from '../support/measure.ts';
import { clock, filePaced, type PacedFiling } from './paced-filings.ts';
import type { NodeProbe } from './pair.ts';

export const LATENCY_RATE_PER_SEC = 200;
const POLL_MS = 5;

export async function measureLatency(
  officer: FilingOfficer,
  peer: NodeProbe,
  durationSeconds: number,
  ctx: BenchContext,
) {
  const count = durationSeconds * LATENCY_RATE_PER_SEC;
  ctx.log(`latency: ${count} urgent requests at ${LATENCY_RATE_PER_SEC}/s until visible at fj`);
  const seen = new Map<string, number>();
  const stop = new AbortController();
  const polling = pollChanges(peer, await peer.lastChangeSeq(), seen, stop.signal);
  try {
    const paced = await filePaced(officer, count, LATENCY_RATE_PER_SEC);
    const deadline = performance.now() + 60_000;
    while (paced.filings.some((f) => !seen.has(f.recordId))) {
      if (performance.now() > deadline) throw new Error('timed out waiting for latency filings at fj');
      await sleep(20);
    }
    return {
      ratePerSec: LATENCY_RATE_PER_SEC,
      events: count,
      achievedRatePerSec: paced.achievedRatePerSec,
      answeredRatePerSec: paced.answeredRatePerSec,
      pollIntervalMs: POLL_MS,
      // The call issued at zj → the record in fj's projection (includes up to one poll interval).
      filedToVisibleMs: percentiles(paced.filings.map((f) => seen.get(f.recordId)! - f.issuedAt)),
      // The officer's call answered at zj (committed, then read back) → visible at fj; fj often
      // has the record before zj has answered (then 0).
      answeredToVisibleMs: percentiles(
        paced.filings.map((f) => Math.max(0, seen.get(f.recordId)! - f.answeredAt)),
      ),
      issueToAnswerMs: percentiles(paced.filings.map((f: PacedFiling) => f.answeredAt - f.issuedAt)),
      target: { p99: 250 },
    };
  } finally {
    stop.abort();
    await polling;
  }
}

/**
 * Notes when each record first shows in the peer's projection: polls the changes after the last one
 * seen, every few milliseconds; a record's time is the start of the poll that saw it.
 */
async function pollChanges(peer: NodeProbe, from: number, seen: Map<string, number>, signal: AbortSignal) {
  let after = from;
  while (!signal.aborted) {
    const polledAt = clock();
    for (const change of await peer.changesAfter(after)) {
      if (!seen.has(change.recordId)) seen.set(change.recordId, polledAt);
      after = Math.max(after, change.seq);
    }
    await sleep(POLL_MS);
  }
}
