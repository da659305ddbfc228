import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eventually, freePort, interrupt, pgTool, runBin, terminate } from '@tiemeng/api/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from './support/officers.ts';
import { watchOutput } from './support/process-output.ts';

const root = path.join(import.meta.dirname, '..');
const nodeBin = path.join(root, 'packages/api/bin/tiemeng-node.js');
const demoScript = path.join(root, 'packages/api/src/demo/start-demo.ts');

/**
 * `npm start` as an operator runs it: each node its own process from its own `<data dir>/<side>/node.json`,
 * on the demo's embedded PostgreSQL servers (kept by the demo process). One node stopped alone is a
 * partition drill: the other goes on, and the stopped one, started again from its node.json, catches up.
 */
describe('the demo runs each node as its own process from its own node.json', () => {
  let dataDir: string;
  let demo: ChildProcess;
  let demoOut: ReturnType<typeof watchOutput>;
  let restarted: ChildProcess | undefined;
  const urls = { zj: '', fj: '' };
  const zjConfig = () => path.join(dataDir, 'zj', 'node.json');

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tiemeng-demo-split-'));
    // Run as root, the embedded PostgreSQL runs as user postgres, who must reach its data dir in here.
    await chmod(dataDir, 0o755);
    const [zj, fj, zjPg, fjPg] = [await freePort(), await freePort(), await freePort(), await freePort()];
    urls.zj = `http://127.0.0.1:${zj}`;
    urls.fj = `http://127.0.0.1:${fj}`;
    demo = spawn(process.execPath, [demoScript], {
      cwd: dataDir,
      env: {
        ...process.env,
        TIEMENG_DATA_DIR: dataDir,
        TIEMENG_ZJ_PORT: String(zj),
        TIEMENG_FJ_PORT: String(fj),
        TIEMENG_ZJ_PG_PORT: String(zjPg),
        TIEMENG_FJ_PG_PORT: String(fjPg),
        TIEMENG_LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    demoOut = watchOutput(demo);
    // Two embedded clusters and the seeded 2025 history: the slow part, bounded.
    await demoOut.waitFor(/demo is up/, 'the demo to start', 240_000);
  }, 300_000);

  afterAll(async () => {
    if (restarted) await terminate(restarted);
    if (demo) await interrupt(demo);
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('survives zj stopped alone: fj files meanwhile, zj started again from its node.json receives it, and its audit chain verifies', {
    timeout: 240_000,
  }, async () => {
    const verify = await runBin(nodeBin, ['verify-audit', '--config', zjConfig()], {});
    expect([verify.code, JSON.parse(verify.stdout).ok], verify.stderr).toEqual([0, true]);

    // Partition drill: the pid the demo printed is zj's own process; the demo and fj keep running.
    const zjPid = Number(/zj-taishun .*pid (\d+)/.exec(demoOut.output())?.[1]);
    expect(zjPid).toBeGreaterThan(0);
    process.kill(zjPid, 'SIGTERM');
    await demoOut.waitFor(/zj-taishun stopped/, 'the demo to see zj stop', 30_000);
    expect(
      await fetch(`${urls.zj}/readyz`).then(
        () => 'answered',
        () => 'down',
      ),
    ).toBe('down');
    expect(demo.exitCode).toBeNull();

    const xixi = await signIn({ url: urls.fj }, 'fj.officer');
    const { id } = await xixi.assistance.file.mutate({
      requestingStation: 'fj-xixi',
      addressedStation: 'zj-luoyang',
      category: 'vehicle_check',
      priority: 'urgent',
      title: '核查一辆可疑白色面包车',
      details: 'Filed while zj was stopped: it must arrive once zj is back.',
    });

    // zj started again as the demo tells the operator to, from its node.json alone.
    restarted = spawn(process.execPath, [nodeBin, 'serve', '--config', zjConfig()], {
      env: { ...process.env, TIEMENG_LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const zjOut = watchOutput(restarted);
    await eventually(
      async () => {
        if (restarted?.exitCode !== null) throw new Error(`zj exited while starting:\n${zjOut.output()}`);
        return fetch(`${urls.zj}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
      },
      'zj to be ready again',
      60_000,
    );
    const luoyang = await signIn({ url: urls.zj }, 'zj.duty');
    await eventually(
      () =>
        luoyang.assistance.get.query({ id }).then(
          () => true,
          () => false,
        ),
      'the filing made during the partition to reach zj',
      60_000,
    );
    const arrived = await luoyang.assistance.get.query({ id });
    expect(arrived).toMatchObject({ id, status: 'filed', requestingStation: 'fj-xixi' });

    const again = await runBin(nodeBin, ['verify-audit', '--config', zjConfig()], {});
    expect([again.code, JSON.parse(again.stdout).ok], again.stderr).toEqual([0, true]);
  });

  it("backs up the demo's zj with a pg_dump of its embedded server's version, or says which is missing", async () => {
    const out = path.join(dataDir, 'backup');
    const backup = await runBin(nodeBin, ['backup', '--config', zjConfig(), '--out', out, '--json'], {});
    // The demo's embedded server, read through the URL its node.json gives (as psql would).
    const { database } = JSON.parse(await readFile(zjConfig(), 'utf8'));
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query('show server_version_num');
    await client.end();
    const embeddedMajor = Math.floor(Number(rows[0].server_version_num) / 10_000);
    const usable = await pgTool('pg_dump', embeddedMajor).then(
      () => true,
      () => false,
    );
    if (usable) {
      expect(backup.code, backup.stderr).toBe(0);
      expect(JSON.parse(backup.stdout)).toMatchObject({
        nodeId: 'zj-taishun',
        database: { pgDumpMajor: embeddedMajor },
      });
    } else {
      // Only older client programs on this machine: refused up front, nothing written.
      expect(backup.code).toBe(1);
      expect(backup.stderr).toMatch(
        new RegExp(
          `^tiemeng-node: PG_TOOL_MISMATCH: pg_dump of PostgreSQL ${embeddedMajor} or newer is needed`,
        ),
      );
      expect(await readdir(out)).toEqual([]);
    }
  });
});
