/**
 * Runs benchmarks: `npm run bench` or `-- --all` (every one), `npm run bench -- sync` (one), `--quick`
 * for smaller sizes. Each prints one JSON line on stdout and writes it to bench/results/<name>.json;
 * progress and the closing table of targets go to stderr. A run of every benchmark also writes
 * bench/results/latest.json. Exits non-zero if any benchmark throws.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { nodeProcessEnv } from '@tiemeng/api/testing';
import { startTestServer } from '@tiemeng/db/testing';
import { Command } from 'commander';
import pg from 'pg';
import type { BenchContext, Benchmark } from './support/context.ts';
import { machineBusyMs, sleep } from './support/measure.ts';
import { type Target, type TargetRow, targetTable } from './support/targets.ts';

/** Every benchmark by name. Loaded on demand, so a broken module only fails its own run. */
const benchmarks: Record<string, () => Promise<Benchmark>> = {
  sync: () => import('./sync.ts'),
  stats: () => import('./stats.ts'),
  api: () => import('./api.ts'),
  reconcile: () => import('./reconcile.ts'),
  web: () => import('./web.ts'),
};

const resultsDir = new URL('./results/', import.meta.url);

async function main(): Promise<number> {
  const program = new Command('bench')
    .description('Runs the benchmarks against a PostgreSQL server (TEST_DATABASE_URL, else a local one)')
    .argument('[names...]', `benchmarks to run (default: all of ${Object.keys(benchmarks).join(', ')})`)
    .option('--all', 'every benchmark, also written together to bench/results/latest.json', false)
    .option('--quick', 'smaller sizes for a quick smoke run', false)
    .parse();
  const { quick, all } = program.opts<{ quick: boolean; all: boolean }>();
  if (all && program.args.length > 0) program.error('--all runs every benchmark; name none with it');
  const names = program.args.length > 0 ? program.args : Object.keys(benchmarks);
  const unknown = names.filter((n) => !(n in benchmarks));
  if (unknown.length > 0) {
    program.error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}`);
  }

  const server = await startTestServer();
  const results: Result[] = [];
  let failures = 0;
  try {
    const machine = await describeMachine(server.connectionString);
    for (const [i, name] of names.entries()) {
      if (i > 0) await settle(server.connectionString, logger(name));
      const result = await runOne(
        name,
        { serverUrl: server.connectionString, quick, log: logger(name) },
        machine,
      );
      if (result) results.push(result);
      else failures++;
    }
    if (program.args.length === 0) {
      await mkdir(resultsDir, { recursive: true });
      const latest = { at: new Date().toISOString(), machine, quick, failed: failures, results };
      await writeFile(new URL('latest.json', resultsDir), `${JSON.stringify(latest, null, 2)}\n`);
    }
  } finally {
    await server.stop();
  }
  const rows: TargetRow[] = results.flatMap((r) => r.targets.map((t) => ({ ...t, benchmark: r.benchmark })));
  if (rows.length > 0) process.stderr.write(`\n${targetTable(rows)}\n`);
  return failures > 0 ? 1 : 0;
}

type Result = Record<string, unknown> & { benchmark: string; targets: Target[] };

const SETTLE_MAX_MS = 30_000;
/** Share of all cores busy under which the machine counts as quiet. */
const QUIET_SHARE = 0.2;

/**
 * Between benchmarks: the previous one's writes are checkpointed and the machine gets up to 30 s to
 * go quiet, so one benchmark's aftermath (PostgreSQL flushing a million rows) is not measured as
 * load on the next.
 */
async function settle(serverUrl: string, log: (message: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query('checkpoint');
  } catch {
    // Only superusers may checkpoint; waiting for quiet still helps.
  } finally {
    await client.end();
  }
  const started = performance.now();
  while (performance.now() - started < SETTLE_MAX_MS) {
    const before = machineBusyMs();
    await sleep(1_000);
    const after = machineBusyMs();
    if (before === null || after === null) return;
    if ((after - before) / (1_000 * os.availableParallelism()) < QUIET_SHARE) break;
  }
  log(`machine quiet after ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function runOne(name: string, ctx: BenchContext, machine: Machine): Promise<Result | undefined> {
  const started = performance.now();
  // Other work on the machine skews every figure; the load average shows whether there was any.
  const loadBefore = os.loadavg()[0]!;
  try {
    const benchmark = await benchmarks[name]!();
    const figures = await benchmark.run(ctx);
    const result = {
      benchmark: name,
      machine,
      quick: ctx.quick,
      at: new Date().toISOString(),
      wallSeconds: Math.round((performance.now() - started) / 1000),
      loadAverage1m: { before: round2(loadBefore), after: round2(os.loadavg()[0]!) },
      ...figures,
      targets: benchmark.targets(figures),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    await mkdir(resultsDir, { recursive: true });
    await writeFile(new URL(`${name}.json`, resultsDir), `${JSON.stringify(result, null, 2)}\n`);
    ctx.log('done');
    return result;
  } catch (err) {
    ctx.log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return undefined;
  }
}

interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGB: number;
  node: string;
  postgres: string;
}

async function describeMachine(serverUrl: string): Promise<Machine> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return {
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
      memoryGB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      postgres: rows[0]?.server_version ?? 'unknown',
    };
  } finally {
    await client.end();
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function logger(name: string): (message: string) => void {
  const started = performance.now();
  return (message) => {
    const s = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
    process.stderr.write(`[${name} ${s}s] ${message}\n`);
  };
}

// Exit explicitly: a failed benchmark may leave sockets or timers behind that would keep the process alive.
// zj runs in this process: it starts with the allocator setting a node's own process has.
const env = nodeProcessEnv(process.env);
if (env !== process.env) {
  // With this process's own Node flags (`--cpu-prof`, `--inspect`, …), which `argv` leaves out.
  const again = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env,
  });
  process.exit(again.status ?? 1);
}
process.exit(await main());
