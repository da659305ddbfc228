/** Urgent requests filed at a fixed rate, open loop, each with when it was issued and answered. */
import type { FilingOfficer } from '@tiemeng/api/testing';
import { perSecond, sleepUntil, withTimeout } from '../support/measure.ts';
import { fileUrgent } from './pair.ts';

/** Milliseconds since the epoch, sub-millisecond, comparable between this process's threads. */
export const clock = (): number => performance.timeOrigin + performance.now();

export interface PacedFiling {
  issuedAt: number;
  answeredAt: number;
  recordId: string;
}

/**
 * Files `count` requests at `ratePerSec`: each goes out at its slot, whether or not earlier ones have
 * been answered (an officer does not wait for a colleague's filing). Times are `clock()` readings.
 */
export async function filePaced(officer: FilingOfficer, count: number, ratePerSec: number) {
  const intervalMs = 1000 / ratePerSec;
  const filings: PacedFiling[] = [];
  const calls: Promise<void>[] = [];
  let failure: unknown;
  const started = performance.now();
  let lastIssued = started;
  for (let i = 0; i < count && !failure; i++) {
    await sleepUntil(started + i * intervalMs);
    lastIssued = performance.now();
    const filing: PacedFiling = { issuedAt: clock(), answeredAt: 0, recordId: '' };
    filings.push(filing);
    calls.push(
      fileUrgent(officer).then(
        (id) => {
          filing.recordId = id;
          filing.answeredAt = clock();
        },
        (err: unknown) => {
          failure ??= err;
        },
      ),
    );
  }
  await withTimeout(Promise.all(calls), 60_000, 'paced filings');
  if (failure) throw failure;
  const lastAnswered = Math.max(...filings.map((f) => f.answeredAt));
  return {
    filings,
    // Below the offered rate, zj could not keep up and the latencies include its queue.
    achievedRatePerSec: perSecond(count - 1, lastIssued - started),
    answeredRatePerSec: perSecond(count, lastAnswered - (filings[0]?.issuedAt ?? lastAnswered)),
  };
}
