/**
 * `npm start`: two nodes — zj-taishun and fj-shouning — each on its own embedded PostgreSQL,
 * configured as each other's peer, with demo officers of every role. This process keeps both
 * PostgreSQL servers; each node runs in its own process (`tiemeng-node serve`) from its own config,
 * written to `<data dir>/zj/node.json` and `<data dir>/fj/node.json` with its database's URL, so one
 * node can be stopped (a partition drill) and the CLIs pointed at either while the demo runs. The
 * history is seeded first, by both nodes in this process (one seeding clock drives both).
 *
 * Environment: TIEMENG_DATA_DIR (default .tiemeng/ in the repository), TIEMENG_ZJ_PORT (4001),
 * TIEMENG_FJ_PORT (4002), TIEMENG_ZJ_PG_PORT (54301), TIEMENG_FJ_PG_PORT (54302).
 * `npm run demo:reset` deletes the demo data.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DatabaseProvider, startEmbeddedPostgres } from '@tiemeng/db';
import { createProgress } from '../cli/progress.ts';
import { type NodeConfigInput, parseConfig } from '../config/node-config.ts';
import { ensureKekFile } from '../keys/key-encryption.ts';
import { nodeProcessEnv } from '../node/process-env.ts';
import { type RunningNode, startNode } from '../node/start-node.ts';
import { buildConsoleIfStale } from './console-build.ts';
import { demoNodeOptions } from './demo-node-options.ts';
import { DEMO_NODES, DEMO_PASSWORD, type DemoSide, demoOfficers, pairConfig } from './demo-topology.ts';
import { demoHistory, seedHistory } from './history/index.ts';
import { SeedClock } from './seed-clock.ts';
import { seedDemoOfficers } from './seed-officers.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const env = process.env;
const dataDir = path.resolve(env.TIEMENG_DATA_DIR ?? path.join(repoRoot, '.tiemeng'));
const ports: Record<DemoSide, number> = {
  zj: Number(env.TIEMENG_ZJ_PORT ?? 4001),
  fj: Number(env.TIEMENG_FJ_PORT ?? 4002),
};
const pgPorts: Record<DemoSide, number> = {
  zj: Number(env.TIEMENG_ZJ_PG_PORT ?? 54301),
  fj: Number(env.TIEMENG_FJ_PG_PORT ?? 54302),
};
/** A side's own directory: its node.json and its embedded PostgreSQL's data. */
const sideDir = (side: DemoSide) => path.join(dataDir, side);
const pgDataDir = (side: DemoSide) => path.join(sideDir(side), 'pg');
const configFile = (side: DemoSide) => path.join(sideDir(side), 'node.json');
/** The node's key-encryption key (mode 0600), which seals its signing keys in the database. */
const kekFileOf = (side: DemoSide) => path.join(sideDir(side), 'kek');
const nodeBin = path.join(repoRoot, 'packages/api/bin/tiemeng-node.js');
const urls: Record<DemoSide, string> = {
  zj: `http://127.0.0.1:${ports.zj}`,
  fj: `http://127.0.0.1:${ports.fj}`,
};

if (process.argv.includes('--reset-only')) {
  const running = await runningDemoPostgres();
  if (running) {
    console.error(`the demo is running (its PostgreSQL has pid ${running}); stop it with Ctrl-C, then reset`);
    process.exit(1);
  }
  await rm(dataDir, { recursive: true, force: true });
  console.log(`demo data removed: ${dataDir}`);
  process.exit(0);
}

/** The pid of a live PostgreSQL serving demo data, from its postmaster.pid; a stale file does not count. */
async function runningDemoPostgres(): Promise<number | undefined> {
  for (const side of ['zj', 'fj'] as const) {
    const pidFile = path.join(pgDataDir(side), 'postmaster.pid');
    const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
    if (pid > 0 && isAlive(pid)) return pid;
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, under another user (postgres)
  }
}

const nodes: RunningNode[] = [];
const children = new Map<DemoSide, ChildProcess>();
const clock = new SeedClock();
let stopping = false;
/** Once every node has stopped: the PostgreSQL servers, then this process. */
const finish = async (code = 0) => {
  await Promise.allSettled([...databases.values()].map((d) => d.stop()));
  process.exit(code);
};
const stopAll = async () => {
  stopping = true;
  await Promise.allSettled(nodes.map((n) => n.stop()));
  for (const child of children.values()) child.kill('SIGTERM');
  if (children.size === 0) await finish();
};
// SIGHUP too: closing the terminal must not leave the embedded PostgreSQL servers running.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stopAll());

buildConsoleIfStale();

const databases = new Map<DemoSide, DatabaseProvider>();

/** The demo's config of a side, as written to its node.json (an operator's CLIs read it too). */
function demoConfig(side: DemoSide, databaseUrl: string): NodeConfigInput {
  return pairConfig(side, { url: databaseUrl }, urls, ports[side], {
    logLevel: (env.TIEMENG_LOG_LEVEL as 'info' | undefined) ?? 'warn',
    keys: { kekFile: kekFileOf(side) },
  });
}

/** A path as the operator would type it from here. */
const shown = (file: string) => {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
};

/** Demo data of earlier versions lived in `<data dir>/<node id>/pg`: moved once to `<data dir>/<side>/pg`. */
async function moveOldLayout(side: DemoSide): Promise<void> {
  const old = path.join(dataDir, DEMO_NODES[side].nodeId, 'pg');
  if (existsSync(old) && !existsSync(pgDataDir(side))) {
    await mkdir(sideDir(side), { recursive: true });
    await rename(old, pgDataDir(side));
    await rm(path.dirname(old), { recursive: true, force: true });
  }
}

/** Runs a side's node in its own process from its node.json; resolves once it answers /readyz. */
async function spawnNode(side: DemoSide): Promise<void> {
  const child = spawn(process.execPath, [nodeBin, 'serve', '--config', configFile(side)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: nodeProcessEnv(process.env),
  });
  children.set(side, child);
  child.on('exit', (code, signal) => {
    children.delete(side);
    if (stopping) {
      if (children.size === 0) void finish();
      return;
    }
    console.log(
      `\n  ${DEMO_NODES[side].nodeId} stopped (${signal ?? `exit ${code}`}); its database and the other node keep running.` +
        `\n  start it again: npx tiemeng-node --config ${shown(configFile(side))}   (Ctrl-C here stops the demo)`,
    );
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${DEMO_NODES[side].nodeId} exited while starting`);
    const ok = await fetch(`${urls[side]}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${DEMO_NODES[side].nodeId} did not become ready within 60 s`);
}

try {
  for (const side of ['zj', 'fj'] as const) {
    await moveOldLayout(side);
    await mkdir(sideDir(side), { recursive: true });
    // Each node's key-encryption key, beside (not in) its database: a dump of the database alone
    // holds no usable signing key.
    await ensureKekFile(kekFileOf(side));
    // The demo's own PostgreSQL servers, kept by this process so the nodes and CLIs reach them by URL.
    const database = await startEmbeddedPostgres({
      dataDir: pgDataDir(side),
      port: pgPorts[side],
      database: 'tiemeng',
    });
    databases.set(side, database);
    // The file holds the database password: readable by its owner only.
    await writeFile(
      configFile(side),
      `${JSON.stringify(demoConfig(side, database.connectionString), null, 2)}\n`,
      {
        mode: 0o600,
      },
    );
  }
  // 1. Both nodes in this process, held not ready, while the history is seeded (first start only).
  const started = await Promise.all(
    (['zj', 'fj'] as const).map(async (side) => {
      const config = parseConfig(
        demoConfig(side, databases.get(side)!.connectionString),
        `${side} demo config`,
      );
      const node = await startNode(config, demoNodeOptions(clock));
      nodes.push(node);
      await seedDemoOfficers(node.services, side);
      return { side, node };
    }),
  );
  const bySide = Object.fromEntries(started.map(({ side, node }) => [side, node.services])) as Record<
    DemoSide,
    RunningNode['services']
  >;
  console.log(`both nodes are serving (${urls.zj}, ${urls.fj}); seeding the 2025 history if not yet done …`);
  const progress = createProgress();
  const seeded = await seedHistory(bySide, clock, demoHistory, (done, total) =>
    progress.update(done, total, 'signed steps of the 2025 history'),
  ).finally(() => progress.stop());
  if (seeded) console.log(`seeded the 2025 joint history: ${seeded} signed steps, synced between both nodes`);
  const figures: string[] = [];
  for (const { node } of started) {
    const [all] = (await node.services.stats.summary({ from: '2025-01-01', to: '2025-12-31' })).groups;
    if (all)
      figures.push(
        `  2025 at ${node.services.config.nodeId}: 调处矛盾纠纷 ${all.figures.disputesMediated}, 协查失踪人员 ${all.figures.missingTraced}, 拦截在逃人员 ${all.figures.fugitivesIntercepted}, 破获案件 ${all.figures.casesSolved}`,
      );
  }
  // 2. Each node in its own process, from its node.json.
  await Promise.all(nodes.splice(0).map((n) => n.stop()));
  if (stopping) await finish();
  await Promise.all((['zj', 'fj'] as const).map(spawnNode));
  console.log('\nTiemeng (铁盟警务) demo is up. Data in', dataDir);
  for (const line of figures) console.log(line);
  for (const { side } of started) {
    const { nodeId, station } = DEMO_NODES[side];
    console.log(`\n  ${nodeId}  ${station.nameZh}  ${urls[side]}  pid ${children.get(side)?.pid}`);
    console.log(`    config: ${shown(configFile(side))}`);
    console.log(
      `    accounts: ${demoOfficers(side)
        .map((o) => o.username)
        .join(', ')}`,
    );
  }
  console.log(`\n  password for every demo account: ${DEMO_PASSWORD}  (demo only)`);
  console.log('\n  officer console (工作台):');
  for (const side of ['zj', 'fj'] as const)
    console.log(`    open ${urls[side]} (${side}.duty / ${DEMO_PASSWORD})`);
  console.log('');
  console.log(`  try: curl -s ${urls.zj}/.well-known/jwks.json`);
  console.log(
    `       curl -s -X POST ${urls.zj}/trpc/auth.login -H 'content-type: application/json' -d '{"username":"zj.duty","password":"${DEMO_PASSWORD}"}'`,
  );
  const zjConfig = shown(configFile('zj'));
  console.log(`       npx tiemeng-node verify-audit --config ${zjConfig}`);
  console.log(
    `       psql "$(node -p "JSON.parse(require('fs').readFileSync('${zjConfig}', 'utf8')).database.url")"`,
  );
  console.log(`       kill ${children.get('zj')?.pid}   # stop zj alone (a partition drill)`);
  console.log('\n  Ctrl-C stops both nodes; `npm run demo:reset` wipes the demo data.\n');
} catch (err) {
  console.error(`demo failed to start: ${err instanceof Error ? err.message : String(err)}`);
  stopping = true;
  await Promise.allSettled(nodes.map((n) => n.stop()));
  for (const child of children.values()) child.kill('SIGTERM');
  await finish(1);
}
