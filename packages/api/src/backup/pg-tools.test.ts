import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pgTool } from './pg-tools.ts';

/** A stand-in client program that only answers --version, as pg_dump of that version does. */
async function fakeTool(dir: string, version: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'pg_dump');
  await writeFile(file, `#!/bin/sh\necho "pg_dump (PostgreSQL) ${version} (Debian ${version}-1)"\n`);
  await chmod(file, 0o755);
  return dir;
}

describe('pg_dump / pg_restore of the right version', () => {
  let root: string;
  let v14: string;
  let v18: string;
  let v19: string;
  const env = {};
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'tiemeng-pg-tools-'));
    v14 = await fakeTool(path.join(root, '14'), '14.9');
    v18 = await fakeTool(path.join(root, '18'), '18.1');
    v19 = await fakeTool(path.join(root, '19'), '19.0');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('takes the first program at least as new as the server, skipping older ones and directories without it', async () => {
    const chosen = await pgTool('pg_dump', 18, { env, dirs: [path.join(root, 'none'), v14, v18, v19] });
    expect(chosen).toEqual({ file: path.join(v18, 'pg_dump'), major: 18 });
    // A newer pg_dump reads an older server.
    expect(await pgTool('pg_dump', 15, { env, dirs: [v19] })).toMatchObject({ major: 19 });
  });

  it('uses only the configured backup.pgBin; too old there is PG_TOOL_MISMATCH naming both versions', async () => {
    const refused = pgTool('pg_dump', 18, { env, pgBin: v14, dirs: [v18] });
    await expect(refused).rejects.toMatchObject({
      appCode: 'PG_TOOL_MISMATCH',
      details: {
        tool: 'pg_dump',
        requiredMajor: 18,
        found: [{ file: path.join(v14, 'pg_dump'), major: 14 }],
      },
    });
    await expect(refused).rejects.toThrow(/PostgreSQL 18 or newer.*pg_dump 14\.9.*backup\.pgBin/);
    expect(await pgTool('pg_dump', 18, { env, pgBin: v18 })).toMatchObject({ major: 18 });
  });

  it('lets TIEMENG_PG_BIN override the config, and says when the named directory holds no program', async () => {
    expect(await pgTool('pg_dump', 18, { env: { TIEMENG_PG_BIN: v19 }, pgBin: v14 })).toMatchObject({
      major: 19,
    });
    await expect(pgTool('pg_dump', 18, { env, pgBin: path.join(root, 'none') })).rejects.toMatchObject({
      appCode: 'PG_TOOL_MISMATCH',
      details: { found: [{ error: 'not found' }] },
    });
  });

  it("finds the machine's own pg_dump for its PostgreSQL server, and refuses a server newer than any installed", async () => {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: inject('testServerUrl') });
    await client.connect();
    const major = Number(
      (await client.query('show server_version_num')).rows[0].server_version_num.slice(0, -4),
    );
    await client.end();
    const chosen = await pgTool('pg_dump', major);
    expect(chosen.major).toBeGreaterThanOrEqual(major);
    await expect(pgTool('pg_dump', 99)).rejects.toMatchObject({
      appCode: 'PG_TOOL_MISMATCH',
      details: {
        requiredMajor: 99,
        found: expect.arrayContaining([expect.objectContaining({ file: chosen.file })]),
      },
    });
  });
});
