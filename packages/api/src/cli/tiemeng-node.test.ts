import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@tiemeng/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pairConfig } from '../demo/index.ts';
import { ensureKekFile } from '../keys/key-encryption.ts';
import { eventually, freePort, runBin } from '../testing/index.ts';
import { NODE_VERSION } from '../version.ts';

const bin = path.join(import.meta.dirname, '../../bin/tiemeng-node.js');

describe('tiemeng-node, as the operator of the Taishun node runs it', () => {
  let database: TestDatabase;
  let configFile: string;
  let port: number;
  const node = (args: string[], env: Record<string, string> = {}) =>
    runBin(bin, [...args, '--config', configFile], env);

  beforeAll(async () => {
    database = await createTestDatabase(inject('testServerUrl'), 'nodecli');
    port = await freePort();
    const urls = { zj: `http://127.0.0.1:${port}`, fj: 'http://127.0.0.1:9' };
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tiemeng-node-'));
    // As an operator sets it up: the signing key sealed with a key-encryption key kept beside the config.
    const kekFile = path.join(dir, 'kek');
    await ensureKekFile(kekFile);
    const config = pairConfig('zj', { url: database.connectionString }, urls, port, {
      logLevel: 'warn',
      keys: { kekFile },
    });
    configFile = path.join(dir, 'node.json');
    await writeFile(configFile, JSON.stringify(config));
  });
  afterAll(() => database.drop());

  it('migrates, creates an officer and finds the audit chain intact (exit 0)', async () => {
    expect(await node(['migrate'])).toMatchObject({ code: 0, stdout: 'migrations up to date\n' });
    const created = await node(
      ['create-officer', '--username', 'zj.wang', '--station', 'zj-luoyang', '--roles', 'officer,duty'],
      { TIEMENG_PASSWORD: 'a long enough password' },
    );
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const officer = ['create-officer', '--username', 'zj.li', '--station', 'zj-luoyang'];
    expect(await node(officer, { TIEMENG_PASSWORD: '' })).toMatchObject({
      code: 2,
      stderr: 'tiemeng-node: no password: set TIEMENG_PASSWORD or pass --password-stdin\n',
    });
    expect((await node(officer, { TIEMENG_PASSWORD: 'short' })).stderr).toMatch(/at least 10 characters/);
    // Usage errors commander finds itself exit 2 as well.
    expect((await node(['create-officer', '--username', 'zj.li'])).code).toBe(2);
    expect((await node(['verify-audit', '--no-such-option'])).code).toBe(2);
    expect((await runBin(bin, ['no-such-command'], {})).code).toBe(2);
    expect((await runBin(bin, ['--help'], {})).code).toBe(0);
    // The node says which release it is, as the officer CLI does (and as /openapi.json does).
    expect(await runBin(bin, ['--version'], {})).toMatchObject({ code: 0, stdout: `${NODE_VERSION}\n` });
    const verified = await node(['verify-audit']);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
  });

  it('verify-audit exits 1 and names the row a superuser rewrote with triggers disabled', async () => {
    const client = new pg.Client({ connectionString: database.connectionString });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string }>('select min(id) as id from audit_log');
      await client.query('begin');
      await client.query('alter table audit_log disable trigger user');
      await client.query("update audit_log set actor_id = 'someone-else' where id = $1", [rows[0]!.id]);
      await client.query('alter table audit_log enable trigger user');
      await client.query('commit');
      const verified = await node(['verify-audit']);
      expect(verified.code).toBe(1);
      expect(JSON.parse(verified.stdout)).toMatchObject({ ok: false, brokenRowId: Number(rows[0]!.id) });
    } finally {
      await client.end();
    }
  });

  it('serves until SIGTERM, then stops cleanly (exit 0)', async () => {
    const child = spawn(process.execPath, [bin, '--config', configFile], {
      stdio: 'ignore',
      timeout: 30_000,
    });
    try {
      await eventually(
        async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.ok === true,
        'the node to be ready',
      );
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code, signal] = await exited;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
    } finally {
      child.kill('SIGKILL');
    }
  });
});
