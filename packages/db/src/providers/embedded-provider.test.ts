import { existsSync } from 'node:fs';
import { mkdir, rm, stat, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedPostgresMajor, PASSWORD_FILE, startEmbeddedPostgres } from './embedded-provider.ts';

const dataDir = path.join(os.tmpdir(), `tiemeng-embedded-pw-${process.pid}-${Date.now()}`);
const port = 56_000 + Math.floor(Math.random() * 3_000);

const connects = async (password: string) => {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
};

describe('the embedded PostgreSQL superuser password', () => {
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('is generated per data directory, kept there readable by its owner only; the old fixed one is replaced', async () => {
    const first = await startEmbeddedPostgres({ dataDir, port, database: 'tiemeng' });
    const file = path.join(dataDir, PASSWORD_FILE);
    try {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(first.connectionString).not.toContain('tiemeng-embedded');
      expect(await connects('tiemeng-embedded')).toBe(false);
      // A cluster from before: the fixed password, no file.
      const client = new pg.Client({ connectionString: first.connectionString });
      await client.connect();
      await client.query(`alter role postgres password 'tiemeng-embedded'`);
      await client.end();
    } finally {
      await first.stop();
    }
    await unlink(file);
    const again = await startEmbeddedPostgres({ dataDir, port, database: 'tiemeng' });
    try {
      expect(existsSync(file)).toBe(true);
      expect(await connects('tiemeng-embedded')).toBe(false);
      const client = new pg.Client({ connectionString: again.connectionString });
      await client.connect();
      await client.end();
    } finally {
      await again.stop();
    }
  });
});

describe('a data directory of another PostgreSQL major version', () => {
  const older = path.join(os.tmpdir(), `tiemeng-embedded-major-${process.pid}-${Date.now()}`);
  afterAll(() => rm(older, { recursive: true, force: true }));

  it('is refused with what to do, not started or changed', async () => {
    const server = embeddedPostgresMajor();
    expect(server).toBeGreaterThanOrEqual(15);
    await mkdir(older, { recursive: true });
    await writeFile(path.join(older, 'PG_VERSION'), `${server! + 3}\n`);
    await writeFile(path.join(older, PASSWORD_FILE), 'secret\n', { mode: 0o600 });
    await expect(startEmbeddedPostgres({ dataDir: older, port, database: 'tiemeng' })).rejects.toThrow(
      new RegExp(
        `PostgreSQL ${server! + 3} cluster; the embedded server is PostgreSQL ${server}[\\s\\S]*demo:reset`,
      ),
    );
    expect(existsSync(path.join(older, 'postmaster.pid'))).toBe(false);
  });
});
