/**
 * `npm start`: two nodes — zj-taishun and fj-shouning — each on its own embedded PostgreSQL,
 * configured as each other's peer, with demo officers of every role.
 *
 * Environment: TIEMENG_DATA_DIR (default .tiemeng/ in the repository), TIEMENG_ZJ_PORT (4001),
 * TIEMENG_FJ_PORT (4002), TIEMENG_ZJ_PG_PORT (54301), TIEMENG_FJ_PG_PORT (54302).
 * `npm run demo:reset` deletes the demo data.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../config/node-config.ts';
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
/** Where a side's embedded PostgreSQL keeps its data. */
const pgDataDir = (side: DemoSide) => path.join(dataDir, DEMO_NODES[side].nodeId, 'pg');
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
const clock = new SeedClock();
const stopAll = async () => {
  await Promise.allSettled(nodes.map((n) => n.stop()));
  process.exit(0);
};
// SIGHUP too: closing the terminal must not leave the embedded PostgreSQL servers running.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stopAll());

buildConsoleIfStale();

try {
  const started = await Promise.all(
    (['zj', 'fj'] as const).map(async (side) => {
      const config = parseConfig(
        pairConfig(side, { embedded: { dataDir: pgDataDir(side), port: pgPorts[side] } }, urls, ports[side], {
          logLevel: (env.TIEMENG_LOG_LEVEL as 'info' | undefined) ?? 'warn',
        }),
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
  const seeded = await seedHistory(bySide, clock, demoHistory);
  if (seeded) console.log(`seeded the 2025 joint history: ${seeded} signed steps, synced between both nodes`);
  for (const { node } of started) node.services.startup.ready();
  console.log('\nTiemeng (铁盟警务) demo is up. Data in', dataDir);
  for (const { node } of started) {
    const [all] = (await node.services.stats.summary({ from: '2025-01-01', to: '2025-12-31' })).groups;
    if (all)
      console.log(
        `  2025 at ${node.services.config.nodeId}: 调处矛盾纠纷 ${all.figures.disputesMediated}, 协查失踪人员 ${all.figures.missingTraced}, 拦截在逃人员 ${all.figures.fugitivesIntercepted}, 破获案件 ${all.figures.casesSolved}`,
      );
  }
  for (const { side, node } of started) {
    const { nodeId, station } = DEMO_NODES[side];
    console.log(`\n  ${nodeId}  ${station.nameZh}  ${node.url}`);
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
  console.log('\n  Ctrl-C stops both nodes; `npm run demo:reset` wipes the demo data.\n');
} catch (err) {
  console.error(`demo failed to start: ${err instanceof Error ? err.message : String(err)}`);
  await Promise.allSettled(nodes.map((n) => n.stop()));
  process.exit(1);
}
