import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../testing/index.ts';

const bin = path.join(import.meta.dirname, '../../bin/tiemeng-node.js');
const example = path.join(import.meta.dirname, '../../../../node.example.json');

describe('tiemeng-node check-config, before the operator starts a node', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tiemeng-check-'));
  });
  const write = async (name: string, value: unknown) => {
    const file = path.join(dir, name);
    await writeFile(file, typeof value === 'string' ? value : JSON.stringify(value));
    return file;
  };

  it('a valid config: exit 0 and a summary, the database password hidden', async () => {
    const config = JSON.parse(await readFile(example, 'utf8'));
    config.database.url = 'postgres://tiemeng:s3cret@db.taishun.example/tiemeng';
    const result = await runBin(bin, ['check-config', '--config', await write('ok.json', config)], {});
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('node zj-taishun');
    expect(result.stdout).toContain('metrics: GET /metrics on 127.0.0.1:9464');
    expect(result.stdout).toContain('peer fj-shouning at https://tiemeng.shouning.example');
    expect(result.stdout).toContain('pool of 10');
    expect(result.stdout).not.toContain('s3cret');
  });

  it('a wrong config: exit 1 naming every wrong field', async () => {
    const config = JSON.parse(await readFile(example, 'utf8'));
    config.nodeId = 'ZJ Taishun';
    config.http.port = '4001';
    config.database.pool.max = 0;
    config.metrics.port = 'none';
    config.stations = [];
    config.colour = 'blue';
    const result = await runBin(bin, ['check-config', '--config', await write('bad.json', config)], {});
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    for (const field of ['nodeId', 'http.port', 'database.pool.max', 'metrics.port', 'stations', 'colour'])
      expect(result.stderr).toContain(`- ${field}: `);
  });

  it('metrics on the API port: exit 1, they need an address of their own', async () => {
    const config = JSON.parse(await readFile(example, 'utf8'));
    config.metrics.port = config.http.port;
    const result = await runBin(bin, ['check-config', '--config', await write('same-port.json', config)], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('- metrics.port: must differ from http.port (4001)');
  });

  it('a file that is not JSON, or not there: exit 1 saying so', async () => {
    const broken = await runBin(
      bin,
      ['check-config', '--config', await write('broken.json', '{ "nodeId": ')],
      {},
    );
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('cannot read config');
    const missing = await runBin(bin, ['check-config', '--config', path.join(dir, 'none.json')], {});
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read config');
  });

  it('a usage error (no --config, an unknown option): exit 2', async () => {
    expect((await runBin(bin, ['check-config'], {})).code).toBe(2);
    expect((await runBin(bin, ['check-config', '--config', example, '--colour'], {})).code).toBe(2);
  });
});
