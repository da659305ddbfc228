import pg from 'pg';
import type { Logger } from 'pino';

/** The channel projections announce changes on (migration 0017). */
export const RECORD_CHANGE_CHANNEL = 'tiemeng_record_change';
const RECONNECT_MS = 1_000;

/**
 * One `LISTEN` per process for committed record changes, fanned out in memory to every open live
 * feed: a feed with nothing to send waits here and costs the database nothing.
 *
 * Each notification (and each reconnection, after which a notification may have been missed) moves
 * `version` on. A feed notes the version before it queries and then waits for a later one, so a change
 * committed between its query and its wait is never slept through.
 *
 * @example
 * const seen = signal.version;
 * const rows = await readChanges();
 * if (!rows.length) await signal.changedSince(seen, abortSignal);
 */
export class RecordChangeSignal {
  readonly #connectionString: string;
  readonly #log: Logger;
  #version = 0;
  #waiters = new Set<() => void>();
  #client: pg.Client | undefined;
  #connecting: Promise<void> | undefined;
  #closed = false;

  constructor(connectionString: string, log: Logger) {
    this.#connectionString = connectionString;
    this.#log = log;
  }

  get version(): number {
    return this.#version;
  }

  /** Resolves once a change later than `version` was announced, or when `signal` aborts. */
  async changedSince(version: number, signal?: AbortSignal): Promise<void> {
    await this.#listening();
    if (this.#version > version || signal?.aborted || this.#closed) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.#waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.#waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#bump();
    await this.#client?.end().catch(() => {});
  }

  #bump(): void {
    this.#version++;
    for (const wake of [...this.#waiters]) wake();
  }

  /** Connects on first use: a process that never serves a feed holds no listening connection. */
  #listening(): Promise<void> {
    if (this.#client || this.#closed) return Promise.resolve();
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#connectionString });
    client.on('notification', () => this.#bump());
    client.on('error', (err: Error & { code?: string }) => {
      this.#log.warn({ code: err.code, reason: err.message }, 'record change listener lost; reconnecting');
      if (this.#client === client) this.#client = undefined;
      client.end().catch(() => {});
      // Changes made while disconnected were not announced: wake every feed to look, then listen again.
      this.#bump();
      if (!this.#closed) setTimeout(() => void this.#listening().catch(() => {}), RECONNECT_MS).unref();
    });
    try {
      await client.connect();
      await client.query(`listen ${RECORD_CHANGE_CHANNEL}`);
    } catch (err) {
      await client.end().catch(() => {});
      // Feeds fall back to looking again after a pause rather than failing.
      this.#log.warn({ reason: (err as Error).message }, 'record change listener could not connect');
      await new Promise((r) => setTimeout(r, RECONNECT_MS).unref());
      this.#bump();
      return;
    }
    if (this.#closed) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
    // Anything committed before LISTEN took effect was not announced: let waiting feeds look once.
    this.#bump();
  }
}
