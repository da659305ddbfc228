/**
 * Reference figures measured on the same machine in the same run, so a benchmark can report how close
 * the system gets to what PostgreSQL and the CPU can do for work of the same size.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { JWK } from 'jose';
import pg from 'pg';
import { perSecond, runConcurrently, seconds, withTimeout } from './measure.ts';
import type { VerifyMethod } from './verify-worker.ts';

/** A JSON object whose serialisation is exactly `bytes` long (at least 10), standing in for a payload. */
export function paddedJson(bytes: number): string {
  const empty = '{"pad":""}';
  return `{"pad":"${'x'.repeat(Math.max(0, bytes - empty.length))}"}`;
}

export interface InsertFigures {
  rows: number;
  seconds: number;
  rowsPerSec: number;
}

/**
 * `rows` single-row auto-commit INSERTs of `payload` (jsonb) into a fresh table (the last run's
 * dropped), `concurrency` at a time.
 */
export async function singleRowInserts(
  connectionString: string,
  options: { rows: number; concurrency: number; payload: string },
): Promise<InsertFigures & { concurrency: number }> {
  const pool = new pg.Pool({ connectionString, max: options.concurrency });
  try {
    await pool.query('drop table if exists single_row_insert');
    await pool.query('create table single_row_insert (id uuid primary key, payload jsonb not null)');
    const started = performance.now();
    await runConcurrently(options.rows, options.concurrency, () =>
      pool.query('insert into single_row_insert (id, payload) values ($1, $2)', [
        randomUUID(),
        options.payload,
      ]),
    );
    const ms = performance.now() - started;
    return { rows: options.rows, concurrency: options.concurrency, ...figures(options.rows, ms) };
  } finally {
    await pool.end();
  }
}

function figures(rows: number, ms: number) {
  return { seconds: seconds(ms), rowsPerSec: perSecond(rows, ms) };
}

export interface VerifyFigures {
  threads: number;
  secondsEach: number;
  /** Synchronous `crypto.verify`: the cores' own rate. */
  nodeCryptoPerSec: number;
  /** jose `compactVerify`, one at a time per thread, as the apply path does it. */
  josePerSec: number;
}

type WorkerMessage = { type: 'ready' } | { type: 'done'; count: number; ms: number };

/**
 * Ed25519 verifications per second of `jws` with `jwk`, one worker thread per core, all starting
 * together, `durationMs` for each method.
 */
export async function ed25519Verifications(options: {
  jws: string;
  jwk: JWK;
  durationMs: number;
  threads?: number;
}): Promise<VerifyFigures> {
  const threads = options.threads ?? os.availableParallelism();
  const workerData = { jws: options.jws, jwk: options.jwk };
  const workers = Array.from(
    { length: threads },
    () => new Worker(new URL('./verify-worker.ts', import.meta.url), { workerData }),
  );
  async function round(method: VerifyMethod): Promise<number> {
    const finished = Promise.all(workers.map((w) => next(w, 'done')));
    for (const w of workers) w.postMessage({ method, durationMs: options.durationMs });
    const results = await withTimeout(finished, options.durationMs + 30_000, `${method} verification`);
    return results.reduce((sum, r) => sum + perSecond(r.count, r.ms), 0);
  }
  try {
    await withTimeout(Promise.all(workers.map((w) => next(w, 'ready'))), 30_000, 'verify workers ready');
    return {
      threads,
      secondsEach: seconds(options.durationMs),
      nodeCryptoPerSec: await round('node-crypto'),
      josePerSec: await round('jose'),
    };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** The next message of `type` from `worker`; rejects if the worker fails or exits first. */
function next<T extends WorkerMessage['type']>(
  worker: Worker,
  type: T,
): Promise<Extract<WorkerMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: WorkerMessage) => {
      if (m.type !== type) return;
      cleanup();
      resolve(m as Extract<WorkerMessage, { type: T }>);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`verify worker exited with code ${code}`));
    };
    function cleanup() {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    }
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}
