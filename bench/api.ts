/**
 * `npm run bench -- api`: `assistance.list` for a signed-in officer under 50 concurrent HTTP clients,
 * against a bare tRPC procedure returning a constant, served by a tRPC HTTP server in the same
 * process. The load comes from autocannon in a child process, so it does not share the servers'
 * event loop. Targets: ≥ 0.4× the baseline's throughput, p99 ≤ 50 ms.
 *
 * The same bare server also answers the list's own query with nothing around it (no sign-in, no
 * audit row, no summaries), and the same page narrowed to record ids and statuses: the ceilings of a
 * list that reads the database once per call, as it is and at its very cheapest.
 * Each load is preceded by a discarded second of the same load, so neither side is measured cold.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { actAs, callerFor, listAssistanceQuery, startTestNode } from '@tiemeng/api/testing';
import { initTRPC } from '@trpc/server';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import { type CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import type { BenchContext } from './support/context.ts';
import { round } from './support/measure.ts';
import type { Target } from './support/targets.ts';

const CONNECTIONS = 50;
const REQUESTS = 1_000;
const PAGE = 20;
/** The node's own pool size (createDatabase's default). */
const POOL = 10;

interface LoadResult {
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
}

export async function run(ctx: BenchContext) {
  const seconds = ctx.quick ? 3 : 10;
  const node = await startTestNode({ serverUrl: ctx.serverUrl, side: 'zj' });
  const pool = new pg.Pool({ connectionString: node.connectionString, max: POOL });
  const page = listAssistanceQuery(node.services.db, node.services.config.nodeId, new Date(), {
    limit: PAGE,
  });
  const bare = bareServer({
    listQuery: rowsOf(pool, page.compile()),
    idsOnly: rowsOf(pool, page.clearSelect().select(['record_id', 'status']).compile()),
  });
  try {
    ctx.log(`filing ${REQUESTS} requests to list`);
    const caller = await actAs(node, 'zj.officer');
    for (let i = 0; i < REQUESTS; i++) {
      await caller.assistance.file({
        requestingStation: 'zj-luoyang',
        addressedStation: 'fj-xixi',
        category: 'vehicle_check',
        priority: i % 3 === 0 ? 'urgent' : 'normal',
        title: `核查车辆 ${i}`,
        details: 'generated for the API benchmark',
      });
    }
    // A running node's autovacuum analyses a table that grew like this within a minute; without
    // statistics the planner sorts every request instead of reading the list index.
    await sql`analyze record_projection`.execute(node.services.db);
    const { token } = await callerFor(node.services).auth.login({
      username: 'zj.duty',
      password: 'tiemeng-demo',
    });
    const listUrl = `${node.url}/trpc/assistance.list?input=${encodeURIComponent(JSON.stringify({ limit: PAGE }))}`;

    ctx.log(`baseline: bare constant procedure, ${CONNECTIONS} connections, ${seconds} s`);
    const baseline = await load(`${bare.url}/constant`, {}, seconds);
    ctx.log(`ceiling: the list's query alone on the bare server, ${CONNECTIONS} connections, ${seconds} s`);
    const queryOnly = await load(`${bare.url}/listQuery`, {}, seconds);
    ctx.log(`ceiling: the same page, ids and statuses only, ${CONNECTIONS} connections, ${seconds} s`);
    const idsOnly = await load(`${bare.url}/idsOnly`, {}, seconds);
    ctx.log(`assistance.list, ${CONNECTIONS} connections, ${seconds} s`);
    const list = await load(listUrl, { authorization: `Bearer ${token}` }, seconds);
    return {
      connections: CONNECTIONS,
      seconds,
      listedRequests: REQUESTS,
      pageSize: PAGE,
      baseline: { bareConstant: baseline },
      ceiling: {
        what: "the list's own query on the bare server: no sign-in, no audit row, rows returned as read",
        ...queryOnly,
        throughputRatio: ratio(queryOnly, baseline),
        idsOnly: {
          what: 'the same page with only record_id and status selected',
          ...idsOnly,
          throughputRatio: ratio(idsOnly, baseline),
        },
      },
      assistanceList: list,
      throughputRatio: ratio(list, baseline),
      target: { throughputRatioAtLeast: 0.4, p99MsAtMost: 50 },
      note: 'every assistance.list call also appends a row to the hash-chained audit log',
    };
  } finally {
    bare.server.close();
    await pool.end();
    await node.destroy();
  }
}

const ratio = (a: LoadResult, b: LoadResult) => round(a.requestsPerSecond / b.requestsPerSecond, 2);

export function targets(f: Awaited<ReturnType<typeof run>>): Target[] {
  const list = f.assistanceList;
  return [
    {
      measure: `assistance.list, ${f.connections} clients`,
      result: `${list.requestsPerSecond} req/s`,
      baseline: `${f.baseline.bareConstant.requestsPerSecond} req/s bare procedure`,
      ratio: f.throughputRatio,
      target: '≥ 0.4×',
      met: f.throughputRatio >= 0.4,
      ceiling: `${f.ceiling.throughputRatio}× its query alone; ${f.ceiling.idsOnly.throughputRatio}× ids and statuses only`,
    },
    {
      measure: 'assistance.list latency',
      result: `p50 ${list.latencyMs.p50} ms, p99 ${list.latencyMs.p99} ms`,
      baseline: `p99 ${f.baseline.bareConstant.latencyMs.p99} ms bare procedure`,
      ratio: null,
      target: 'p99 ≤ 50 ms',
      met: list.latencyMs.p99 <= 50,
    },
  ];
}

/** The same tRPC server machinery with nothing behind it, and with only the list's query behind it. */
function bareServer(queries: { listQuery: () => Promise<unknown>; idsOnly: () => Promise<unknown> }) {
  const t = initTRPC.create();
  const server = createHTTPServer({
    router: t.router({
      constant: t.procedure.query(() => ({ ok: true })),
      listQuery: t.procedure.query(queries.listQuery),
      idsOnly: t.procedure.query(queries.idsOnly),
    }),
  });
  server.listen(0, '127.0.0.1');
  return {
    server,
    get url() {
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
  };
}

/** Runs a compiled query on `pool` and answers its rows. */
function rowsOf(pool: pg.Pool, query: CompiledQuery) {
  return async () => (await pool.query(query.sql, [...query.parameters])).rows;
}

/** One discarded second of the load (JIT, connections), then the measured run. */
async function load(url: string, headers: Record<string, string>, seconds: number): Promise<LoadResult> {
  await autocannon(url, headers, 1);
  return autocannon(url, headers, seconds);
}

/** autocannon in a child process, JSON result parsed; bounded by its duration plus a margin. */
function autocannon(url: string, headers: Record<string, string>, seconds: number): Promise<LoadResult> {
  const bin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const args = [bin, '-j', '-c', String(CONNECTIONS), '-d', String(seconds)];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: (seconds + 30) * 1000,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      const r = JSON.parse(out) as {
        requests: { average: number };
        latency: { p50: number; p90: number; p99: number; max: number };
        non2xx: number;
        errors: number;
      };
      resolve({
        requestsPerSecond: Math.round(r.requests.average),
        latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
        non2xx: r.non2xx,
        errors: r.errors,
      });
    });
  });
}
