/**
 * Reference figures measured on the same machine in the same run, so a benchmark can report how close
 * the system gets to what PostgreSQL and the CPU can do for work of the same size.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { JWK } from 'jose';
import pg from 'pg';
import { machineBusyMs, perSecond, round, runConcurrently, seconds, withTimeout } from './measure.ts';
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

/** `rows` single-row auto-commit INSERTs of `payload` (jsonb) into a fresh table, `concurrency` at a time. */
export async function singleRowInserts(
  connectionString: string,
  options: { rows: number; concurrency: number; payload: string },
): Promise<InsertFigures & { concurrency: number }> {
  const pool = new pg.Pool({ connectionString, max: options.concurrency });
  try {
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

/**
 * `rows` rows of `payload` (jsonb) into a fresh table, `batch` rows per multi-row INSERT, one
 * connection; also what each row cost the whole machine in CPU (null where that cannot be read).
 */
export async function bulkInserts(
  connectionString: string,
  options: { rows: number; batch: number; payload: string },
): Promise<InsertFigures & { batch: number; machineCpuMsPerRow: number | null }> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('create table bulk_insert (id uuid primary key, payload jsonb not null)');
    const busyBefore = machineBusyMs();
    const started = performance.now();
    for (let from = 0; from < options.rows; from += options.batch) {
      const n = Math.min(options.batch, options.rows - from);
      const values = Array.from({ length: n }, (_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(',');
      const params = Array.from({ length: n }, () => [randomUUID(), options.payload]).flat();
      await client.query(`insert into bulk_insert (id, payload) values ${values}`, params);
    }
    const ms = performance.now() - started;
    const busy = machineBusyMs();
    const machineCpuMsPerRow =
      busy === null || busyBefore === null ? null : round((busy - busyBefore) / options.rows, 4);
    return { rows: options.rows, batch: options.batch, ...figures(options.rows, ms), machineCpuMsPerRow };
  } finally {
    await client.end();
  }
}

/**
 * The writes an append must make, in plain SQL with nothing of ours around them (no signing, folding,
 * hashing or facts), `concurrency` at a time, each in its own transaction as officers file them, in
 * the fewest round trips node-postgres allows (it sends one statement at a time):
 * 1. `begin`; 2. the event and the record's projection; 3. the audit chain's lock and head, and the
 * link head's row lock (the entry's `seq` and `prev` must be known before it is signed); 4. the audit
 * row, the link head and the signed entry; 5. `commit`. Appends to one link wait for each other from
 * step 3 to their commit, as a gap-free hash chain requires. Generous as a ceiling: step 3 reads
 * the audit head in the same statement that takes the lock, where a real chain needs one more round
 * trip to read it after the lock is held.
 */
export async function appendWritesOnly(
  connectionString: string,
  options: { events: number; concurrency: number; payload: string; jwsBytes: number },
): Promise<{ events: number; concurrency: number; roundTrips: 5; seconds: number; eventsPerSec: number }> {
  const pool = new pg.Pool({ connectionString, max: options.concurrency });
  try {
    await pool.query(`
      create table append_head (link text primary key, seq int8 not null, hash text not null);
      insert into append_head values ('zj>fj', 0, '');
      create table append_event (id uuid primary key, payload jsonb not null);
      create table append_projection (id uuid primary key, state jsonb not null, state_hash text not null);
      create table append_audit (id bigserial primary key, content jsonb not null, prev_hash text not null, hash text not null);
      create table append_entry (link text, seq int8, jws text not null, primary key (link, seq))`);
    const jws = 'x'.repeat(options.jwsBytes);
    const hash = 'h'.repeat(64);
    const started = performance.now();
    await runConcurrently(options.events, options.concurrency, async () => {
      const c = await pool.connect();
      try {
        const id = randomUUID();
        await c.query('begin');
        await c.query(
          `with e as (insert into append_event values ($1, $2))
           insert into append_projection values ($1, $2, $3)`,
          [id, options.payload, hash],
        );
        const { rows } = await c.query<{ seq: string }>(
          `select pg_advisory_xact_lock(1),
                  (select hash from append_audit order by id desc limit 1) as audit_head,
                  (select seq from append_head where link = 'zj>fj' for update) as seq`,
        );
        await c.query(
          `with a as (insert into append_audit (content, prev_hash, hash) values ('{}', $1, $1)),
                h as (update append_head set seq = $2, hash = $1 where link = 'zj>fj')
           insert into append_entry values ('zj>fj', $2, $3)`,
          [hash, Number(rows[0]!.seq) + 1, jws],
        );
        await c.query('commit');
      } catch (err) {
        await c.query('rollback').catch(() => {});
        throw err;
      } finally {
        c.release();
      }
    });
    const ms = performance.now() - started;
    return {
      events: options.events,
      concurrency: options.concurrency,
      roundTrips: 5,
      seconds: seconds(ms),
      eventsPerSec: perSecond(options.events, ms),
    };
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
