/** Small timing helpers shared by the benchmarks. Every wait here is bounded. */
import { readFileSync } from 'node:fs';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Sleeps until `performance.now()` reaches `at` (returns at once when already past). */
export async function sleepUntil(at: number): Promise<void> {
  const ms = at - performance.now();
  if (ms > 0) await sleep(ms);
}

/**
 * Polls `check` every `intervalMs` until it returns true and answers the `performance.now()` at which
 * that poll started (the moment the condition was observed). Throws naming `what` after `timeoutMs`.
 */
export async function waitFor(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs: number,
  intervalMs = 10,
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const started = performance.now();
    if (await check()) return started;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Rejects with a message naming `what` if `promise` has not settled within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `task(i)` for every i in [0, count) with at most `concurrency` in flight. The first failure
 * stops every lane from starting new tasks and is rethrown.
 */
export async function runConcurrently(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<unknown>,
  onDone?: (done: number) => void,
): Promise<void> {
  let next = 0;
  let done = 0;
  let failed = false;
  async function lane(): Promise<void> {
    while (!failed && next < count) {
      const i = next++;
      try {
        await task(i);
      } catch (err) {
        failed = true;
        throw err;
      }
      onDone?.(++done);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

/** A callback for `runConcurrently` that logs every 10 % of `total`. */
export function progressEvery10Percent(log: (m: string) => void, label: string, total: number) {
  const step = Math.max(1, Math.floor(total / 10));
  const started = performance.now();
  return (done: number) => {
    if (done % step !== 0 && done !== total) return;
    const seconds = (performance.now() - started) / 1000;
    log(
      `${label}: ${done}/${total} (${Math.round((100 * done) / total)} %, ${perSecond(done, seconds * 1000)}/s)`,
    );
  };
}

/** Items per second, rounded to a whole number. */
export function perSecond(items: number, ms: number): number {
  return ms > 0 ? Math.round((items * 1000) / ms) : 0;
}

export const seconds = (ms: number): number => round(ms / 1000, 2);

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of `values` (milliseconds), rounded to 0.1. */
export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0);
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}

/**
 * Milliseconds of CPU the whole machine has spent busy so far (every process: the nodes, PostgreSQL,
 * the kernel), from /proc/stat; null where there is no /proc. Two readings around a run give
 * what the run cost the machine, whichever process did the work.
 */
export function machineBusyMs(): number | null {
  let line: string;
  try {
    line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  } catch {
    return null;
  }
  // cpu  user nice system idle iowait irq softirq steal …, in USER_HZ (100 per second on Linux);
  // idle, waiting for the disk and time taken by the hypervisor are not work done here.
  const [user, nice, system, , , irq, softirq] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq!) * 10;
}

/**
 * Milliseconds of CPU process `pid` has used so far (user + system, all its threads), from
 * /proc/<pid>/stat; null where that is not available.
 */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the parenthesised command name (which may itself hold ") "): utime and stime
    // are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
