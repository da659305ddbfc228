/**
 * `npm run bench -- api`: `assistance.list` for a signed-in officer under 50 concurrent HTTP clients,
 * against a bare tRPC procedure returning a constant, served by a tRPC HTTP server in the same
 * process. The load comes from autocannon in a child process, so it does not share the servers'
 * event loop. Targets: ≥ 0.4× the baseline's throughput, p99 ≤ 50 ms.
 *
 * The same bare server also returns the page the list answers as a constant: the ceiling of any
 * procedure sending that answer. It returns that page once the call's audit row is committed, the
 * list's own row appended through the node's group commit: the ceiling of any procedure answering
 * only with its row durable, as every call here must. For reference it also runs the list's own
 * query on every call, with nothing around it (no sign-in, no audit row, no sharing, no summaries).
 * The five loads run in alternating rounds (the order rotating each round), each after a discarded
 * second of itself, so neither side is measured cold and a machine whose speed drifts (a shared VM's
 * does, by half within minutes) slows both alike: each figure is the median over the rounds, and
 * the ratio the median of each round's list ÷ bare.
 * All 50 clients ask for the same page: calls that arrive while its query runs share the next one
 * (`SharedReads`), and the result reports how many calls each query answered.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  actAs,
  appendAuditRowAlone,
  auditContentOf,
  callerFor,
  listAssistanceQuery,
  type NewAuditRow,
  startTestNode,
  type TestNode,
} from '@tiemeng/api/testing';
import { initTRPC } from '@trpc/server';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import { type CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import type { BenchContext } from './support/context.ts';
import { alternate, type Load, summarise } from './support/http-load.ts';
import { median, round } from './support/measure.ts';
import type { Target } from './support/targets.ts';

const CONNECTIONS = 50;
/** Rounds of the five loads, and seconds of each load per round. */
const ROUNDS = { full: 5, quick: 2 };
const ROUND_SECONDS = { full: 3, quick: 1 };
const REQUESTS = 1_000;
const PAGE = 20;
/** The node's own pool size (createDatabase's default). */
const POOL = 10;

export async function run(ctx: BenchContext) {
  const rounds = ctx.quick ? ROUNDS.quick : ROUNDS.full;
  const seconds = ctx.quick ? ROUND_SECONDS.quick : ROUND_SECONDS.full;
  const node = await startTestNode({ serverUrl: ctx.serverUrl, side: 'zj' });
  const pool = new pg.Pool({ connectionString: node.connectionString, max: POOL });
  // Dropping the node's database at the end ends any connection still open; that must not crash the run.
  pool.on('error', () => {});
  const page = listAssistanceQuery(node.services.db, node.services.config.nodeId, new Date(), {
    limit: PAGE,
  });
  let samePage: unknown;
  let auditRow: (() => NewAuditRow) | undefined;
  const bare = bareServer({
    listQuery: rowsOf(pool, page.compile()),
    samePage: () => samePage,
    samePageAudited: async () => {
      await appendAuditRowAlone(node.services.db, auditRow!());
      return samePage;
    },
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
    samePage = await (await actAs(node, 'zj.duty')).assistance.list({ limit: PAGE });
    auditRow = await listCallRow(node);
    const listUrl = `${node.url}/trpc/assistance.list?input=${encodeURIComponent(JSON.stringify({ limit: PAGE }))}`;

    const loads: Load[] = [
      { name: 'baseline', what: 'bare constant procedure', url: `${bare.url}/constant`, headers: {} },
      {
        name: 'ceiling',
        what: 'the same page returned as a constant',
        url: `${bare.url}/samePage`,
        headers: {},
      },
      {
        name: 'audited',
        what: 'the same page once its audit row is committed',
        url: `${bare.url}/samePageAudited`,
        headers: {},
      },
      {
        name: 'reference',
        what: "the list's query run for every call",
        url: `${bare.url}/listQuery`,
        headers: {},
      },
      { name: 'list', what: 'assistance.list', url: listUrl, headers: { authorization: `Bearer ${token}` } },
    ];
    const asked = node.services.reads.counts;
    const measured = await alternate(ctx, loads, { rounds, seconds, connections: CONNECTIONS });
    const shared = sharing(asked, node.services.reads.counts);
    const [baseline, pageOnly, pageAudited, queryEachCall, list] = loads.map((l) =>
      summarise(measured.get(l.name)!),
    );
    /** Each round's figure of one load ÷ another's (the bare procedure's unless named). */
    const ratios = (name: string, of = 'baseline') =>
      measured.get(name)!.map((r, i) => r.requestsPerSecond / measured.get(of)![i]!.requestsPerSecond);
    return {
      connections: CONNECTIONS,
      rounds,
      secondsPerRound: seconds,
      listedRequests: REQUESTS,
      pageSize: PAGE,
      baseline: { bareConstant: baseline! },
      ceiling: {
        what: 'the same page (as assistance.list answered it) returned as a constant by the bare server: what sending the answer alone allows',
        ...pageOnly!,
        throughputRatio: round(median(ratios('ceiling')), 2),
      },
      auditedCeiling: {
        what: "the same page returned by the bare server once an audit row like the list's is committed through the node's group commit: what answering only with a durable audit row allows",
        ...pageAudited!,
        throughputRatio: round(median(ratios('audited')), 2),
      },
      reference: {
        what: "the list's own query run for every call on the bare server (no sign-in, no audit, no sharing)",
        ...queryEachCall!,
        throughputRatio: round(median(ratios('reference')), 2),
      },
      assistanceList: { ...list!, sharedReads: shared },
      throughputRatio: round(median(ratios('list')), 2),
      throughputRatioPerRound: ratios('list').map((r) => round(r, 2)),
      ofAuditedCeiling: round(median(ratios('list', 'audited')), 2),
      target: { throughputRatioAtLeast: 0.4, p99MsAtMost: 50 },
      note: "figures are medians over rounds in which the five loads alternate; the ratio is the median of the rounds' list ÷ bare. Every assistance.list call also appends a row to the hash-chained audit log; the 50 clients ask the same page, so calls arriving during a query share the next one (sharedReads)",
    };
  } finally {
    bare.server.close();
    await pool.end();
    await node.destroy();
  }
}

/** How many list calls each query answered during the load (warm-up included). */
function sharing(before: { asked: number; queried: number }, after: { asked: number; queried: number }) {
  const asked = after.asked - before.asked;
  const queried = after.queried - before.queried;
  return { asked, queried, callsPerQuery: queried > 0 ? round(asked / queried, 1) : null };
}

export function targets(f: Awaited<ReturnType<typeof run>>): Target[] {
  const list = f.assistanceList;
  return [
    {
      measure: `assistance.list, ${f.connections} clients, median of ${f.rounds} rounds`,
      result: `${list.requestsPerSecond} req/s, ${list.sharedReads.callsPerQuery ?? 0} calls per query`,
      baseline: `${f.baseline.bareConstant.requestsPerSecond} req/s bare procedure`,
      ratio: f.throughputRatio,
      target: '≥ 0.4×',
      met: f.throughputRatio >= 0.4,
      ceiling:
        `${f.ceiling.throughputRatio}× the same page as a constant, ${f.auditedCeiling.throughputRatio}× with its audit row committed (list ${f.ofAuditedCeiling}× of that); ` +
        `its query on every call: ${f.reference.throughputRatio}×; ` +
        `server CPU ${list.server.cpuMicrosPerRequest} µs per call vs ${f.baseline.bareConstant.server.cpuMicrosPerRequest} µs bare, ` +
        `event loop ${Math.round(list.server.eventLoopBusy * 100)} % busy`,
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

/**
 * The same tRPC server machinery with nothing behind it, with the list's answer (alone and after its
 * audit row), and with its query.
 */
function bareServer(answers: {
  listQuery: () => Promise<unknown>;
  samePage: () => unknown;
  samePageAudited: () => Promise<unknown>;
}) {
  const t = initTRPC.create();
  const server = createHTTPServer({
    router: t.router({
      constant: t.procedure.query(() => ({ ok: true })),
      samePage: t.procedure.query(answers.samePage),
      samePageAudited: t.procedure.query(answers.samePageAudited),
      listQuery: t.procedure.query(answers.listQuery),
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

/**
 * The row the list's last call appended (an `ok` row), read back from the trail: each use gets the
 * time and a request id of its own, as every call's row has.
 */
async function listCallRow(node: TestNode): Promise<() => NewAuditRow> {
  const row = await node.services.db
    .selectFrom('audit_log')
    .selectAll()
    .where('procedure', '=', 'assistance.list')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const { id: _, ...content } = auditContentOf(row);
  return () => ({ ...content, at: new Date(), requestId: randomUUID() });
}

/** Runs a compiled query on `pool` and answers its rows. */
function rowsOf(pool: pg.Pool, query: CompiledQuery) {
  return async () => (await pool.query(query.sql, [...query.parameters])).rows;
}
