import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTestPair, type TestPair } from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const script = path.resolve(import.meta.dirname, '../examples/python/tiemeng_client.py');

describe('the Python example client (standard library only) against two real nodes', () => {
  let pair: TestPair;
  beforeAll(async () => {
    const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
    if (python.error || python.status !== 0)
      throw new Error('python3 is needed for this test (the example client is Python); install python3');
    pair = await startTestPair(inject('testServerUrl'));
  });
  afterAll(() => pair?.destroy());

  it('signs in, files a request on zj and follows it to completion done by fj’s officers', async () => {
    const { stdout } = await promisify(execFile)(
      'python3',
      [script, '--zj', pair.zj.url, '--fj', pair.fj.url],
      {
        env: { ...process.env, TIEMENG_PASSWORD: 'tiemeng-demo' },
        timeout: 90_000,
      },
    );
    const id = stdout.match(/^filed ([0-9a-f-]{36}) /m)?.[1];
    expect(id, stdout).toBeDefined();
    expect(stdout).toContain('acknowledged by fj.duty');
    expect(stdout).toMatch(new RegExp(`^${id} is completed on `, 'm'));
    // What the script did is what both nodes hold.
    for (const node of [pair.zj, pair.fj]) {
      const record = await node.services.db
        .selectFrom('record_projection')
        .select(['status'])
        .where('record_id', '=', id!)
        .executeTakeFirstOrThrow();
      expect(record.status).toBe('completed');
    }
  });
});
