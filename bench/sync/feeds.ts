/**
 * Live feeds at fj: 50 signed-in fj officers follow `feed.live` over HTTP (SSE) while zj files urgent
 * requests at 200/s; each request's latency is from its filing until it reaches each feed (after two
 * seconds of the same load, not measured, so the path is warm as in service). Before the
 * load, what idle feeds cost fj's database: its transactions over a quiet window, without and then
 * with the feeds open (the node's own background work, delivery polls and heads, runs in both).
 */
import { Worker } from 'node:worker_threads';
import type { FilingOfficer } from '@tiemeng/api/testing';
import { createTiemengClient } from '@tiemeng/client';
import pg from 'pg';
import type { BenchContext } from '../support/context.ts';
import {
  machineBusyMs,
  median,
  percentiles,
  processCpuMs,
  round,
  sleep,
  withTimeout,
} from '../support/measure.ts';
import type { SplitPair } from '../support/split-pair.ts';
import type { FeedReply, FeedRequest } from './feed-worker.ts';
import { LATENCY_RATE_PER_SEC } from './latency.ts';
import { filePaced } from './paced-filings.ts';

export const FEEDS = 50;
/**
 * PostgreSQL flushes an idle backend's statistics up to 10 s late: a window starts this long after the
 * last burst of work (sign-ins, opening the feeds), so it does not count that work.
 */
const STATS_SETTLE_MS = 11_000;
/** Windows over which idle transactions are counted, each `idleSeconds` long; the median is kept. */
const IDLE_WINDOWS = 3;
const FJ_OFFICERS = ['fj.officer', 'fj.duty'];
/** Seconds of the same load before the measured one. */
const WARM_UP_SECONDS = 2;

export async function measureFeeds(
  pair: SplitPair,
  officer: FilingOfficer,
  serverUrl: string,
  shape: { seconds: number; idleSeconds: number },
  ctx: BenchContext,
) {
  ctx.log(`feeds: signing in ${FEEDS} fj officers over HTTP`);
  const anonymous = createTiemengClient({ url: pair.fj.url });
  const tokens: string[] = [];
  for (let i = 0; i < FEEDS; i++) {
    const username = FJ_OFFICERS[i % FJ_OFFICERS.length]!;
    tokens.push((await anonymous.auth.login.mutate({ username, password: 'tiemeng-demo' })).token);
  }
  const stats = new DatabaseActivity(serverUrl, new URL(pair.fj.connectionString).pathname.slice(1));
  let feeds: FeedThread | undefined;
  try {
    ctx.log(`feeds: fj's database transactions over ${IDLE_WINDOWS} × ${shape.idleSeconds} s without feeds`);
    await sleep(STATS_SETTLE_MS);
    const withoutFeeds = await stats.over(shape.idleSeconds);
    feeds = new FeedThread(pair.fj.url, tokens);
    await feeds.ready();
    await sleep(STATS_SETTLE_MS);
    ctx.log(`feeds: the same with ${FEEDS} idle feeds open`);
    const withIdleFeeds = await stats.over(shape.idleSeconds);

    // The same load for a moment first, not measured: the feeds' path through fj (and the readers)
    // runs warm in service, and is cold only in the first second after the benchmark opens it.
    const warmUp = WARM_UP_SECONDS * LATENCY_RATE_PER_SEC;
    ctx.log(`feeds: warming up with ${warmUp} requests at ${LATENCY_RATE_PER_SEC}/s`);
    const warm = await filePaced(officer, warmUp, LATENCY_RATE_PER_SEC);
    await untilOnAllFeeds(
      feeds,
      warm.filings.map((f) => f.recordId),
    );

    const count = shape.seconds * LATENCY_RATE_PER_SEC;
    ctx.log(`feeds: ${count} urgent requests at ${LATENCY_RATE_PER_SEC}/s until on all ${FEEDS} feeds`);
    const loadStarted = performance.now();
    const cpuBefore = { fj: processCpuMs(pair.fj.pid), benchmark: ownCpuMs(), machine: machineBusyMs() };
    feeds.send({ type: 'measure' });
    const paced = await filePaced(officer, count, LATENCY_RATE_PER_SEC);
    const ids = paced.filings.map((f) => f.recordId);
    await untilOnAllFeeds(feeds, ids);
    const loadMs = performance.now() - loadStarted;
    const cpu = {
      fj: cpuShare(cpuBefore.fj, processCpuMs(pair.fj.pid), loadMs),
      benchmark: cpuShare(cpuBefore.benchmark, ownCpuMs(), loadMs),
      machine: cpuShare(cpuBefore.machine, machineBusyMs(), loadMs),
    };
    const collected = await feeds.ask({ type: 'collect' }, 'arrivals');
    const arrivals = new Map(collected.arrivals);
    const latenciesOf = (filings: typeof paced.filings) =>
      filings.flatMap((f) => arrivals.get(f.recordId)!.map((at) => at - f.issuedAt));
    const latencies = latenciesOf(paced.filings);
    const tenth = Math.max(1, Math.floor(count / 10));
    const extraPerSec = round(withIdleFeeds.perSec - withoutFeeds.perSec, 2);
    return {
      feeds: FEEDS,
      ratePerSec: LATENCY_RATE_PER_SEC,
      warmUpSeconds: WARM_UP_SECONDS,
      events: count,
      achievedRatePerSec: paced.achievedRatePerSec,
      deliveries: latencies.length,
      // The call issued at zj → the item read from each of fj's open feeds.
      filedToFeedMs: percentiles(latencies),
      // Cores busy from the first filing until every feed had every request: fj's process (serving
      // the feeds and applying), this process (zj filing, and the feed readers' thread), the whole
      // machine (PostgreSQL, and anyone else's work).
      coresBusy: cpu,
      // A backlog that grows: the feeds fall behind the filings rather than lag them by a fixed delay.
      firstTenthMs: percentiles(latenciesOf(paced.filings.slice(0, tenth))),
      lastTenthMs: percentiles(latenciesOf(paced.filings.slice(-tenth))),
      // How busy the feed readers' event loop was: near 1, the readers, not fj, held the items back.
      readerThreadBusy: round(collected.readerBusy, 2),
      idle: {
        what: `transactions (commits and rollbacks) a second in fj's database, the median of ${IDLE_WINDOWS} windows of ${shape.idleSeconds} s, from pg_stat_database`,
        seconds: shape.idleSeconds,
        withoutFeeds,
        withIdleFeeds,
        byIdleFeedsPerSec: extraPerSec,
      },
      target: { p99: 300, idleQueriesPerSec: 0 },
    };
  } finally {
    await feeds?.stop();
    await stats.close();
  }
}

/** Waits until every one of `recordIds` has reached every feed (a minute at most). */
async function untilOnAllFeeds(feeds: FeedThread, recordIds: string[]): Promise<void> {
  feeds.send({ type: 'expect', recordIds });
  const deadline = performance.now() + 60_000;
  for (;;) {
    const { complete } = await feeds.ask({ type: 'progress' }, 'progress');
    if (complete === recordIds.length) return;
    if (performance.now() > deadline)
      throw new Error(`only ${complete} of ${recordIds.length} requests reached all ${FEEDS} feeds`);
    await sleep(100);
  }
}

function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** CPU used between two readings as a number of cores busy over `ms`, or null if unknown. */
function cpuShare(before: number | null, after: number | null, ms: number): number | null {
  return before === null || after === null ? null : round((after - before) / ms, 2);
}

/** The feeds' worker thread, and its answers. */
class FeedThread {
  readonly #worker: Worker;
  /** Listened for from the start: the feeds may all be open before anyone asks. */
  readonly #ready: Promise<FeedReply>;
  #failure: Error | undefined;

  constructor(url: string, tokens: string[]) {
    this.#worker = new Worker(new URL('./feed-worker.ts', import.meta.url), { workerData: { url, tokens } });
    this.#worker.on('message', (m: FeedReply) => {
      if (m.type === 'error') this.#failure ??= new Error(`a feed failed: ${m.message}`);
    });
    this.#worker.on('error', (err) => {
      this.#failure ??= err;
    });
    this.#ready = this.#next('ready', 120_000);
    this.#ready.catch(() => {}); // awaited by ready()
  }

  ready(): Promise<FeedReply> {
    return this.#ready;
  }

  send(m: FeedRequest): void {
    this.#worker.postMessage(m);
  }

  async ask<T extends FeedReply['type']>(
    m: FeedRequest,
    answer: T,
  ): Promise<Extract<FeedReply, { type: T }>> {
    if (this.#failure) throw this.#failure;
    const reply = this.#next(answer);
    this.send(m);
    return (await reply) as Extract<FeedReply, { type: T }>;
  }

  async stop(): Promise<void> {
    await this.ask({ type: 'stop' }, 'stopped').catch(() => {});
    await this.#worker.terminate();
  }

  #next(type: FeedReply['type'], timeoutMs = 30_000): Promise<FeedReply> {
    const answer = new Promise<FeedReply>((resolve, reject) => {
      const onMessage = (m: FeedReply) => {
        if (m.type === type) {
          this.#worker.off('message', onMessage);
          resolve(m);
        } else if (m.type === 'error') {
          this.#worker.off('message', onMessage);
          reject(new Error(`a feed failed: ${m.message}`));
        }
      };
      this.#worker.on('message', onMessage);
    });
    return withTimeout(answer, timeoutMs, `the feeds' ${type}`);
  }
}

/** A database's transaction count as PostgreSQL's statistics report it, read from another database. */
class DatabaseActivity {
  readonly #client: pg.Client;
  readonly #name: string;
  #connected: Promise<void> | undefined;

  constructor(serverUrl: string, name: string) {
    this.#client = new pg.Client({ connectionString: serverUrl });
    this.#name = name;
  }

  /**
   * Transactions in the database per second over consecutive windows of `seconds` (statistics reach
   * the view within about a second), and their median: a node's own periodic work (an audit head
   * anchor, say) lands in one window and not the others, and is not taken for the feeds'.
   */
  async over(seconds: number) {
    this.#connected ??= this.#client.connect().then(() => undefined);
    await this.#connected;
    const perWindow: number[] = [];
    let before = await this.#count();
    for (let i = 0; i < IDLE_WINDOWS; i++) {
      await sleep(seconds * 1000);
      const now = await this.#count();
      perWindow.push(round((now - before) / seconds, 2));
      before = now;
    }
    return { perSec: median(perWindow), perWindow };
  }

  async #count(): Promise<number> {
    const { rows } = await this.#client.query<{ n: string }>(
      'select xact_commit + xact_rollback as n from pg_stat_database where datname = $1',
      [this.#name],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async close(): Promise<void> {
    if (this.#connected) await this.#client.end();
  }
}
