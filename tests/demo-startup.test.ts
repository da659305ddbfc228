import { demoHistory, demoNodeOptions, SeedClock, seedHistory } from '@tiemeng/api/demo';
import { captureLogs, eventually, readJson, startTestPair, type TestPair } from '@tiemeng/api/testing';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cliFor, cliLogin, tempConfigDir } from './support/cli.ts';

const signIn = (url: string) =>
  fetch(`${url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'zj.duty', password: 'tiemeng-demo' }),
  });

describe('a demo node is not ready before its history is seeded, and never issues a token from 2025', () => {
  const clock = new SeedClock();
  const logs = { zj: captureLogs('zj-taishun'), fj: captureLogs('fj-shouning') };
  let pair: TestPair;
  beforeAll(async () => {
    // As `npm start` starts its nodes; only pushes move entries (see demo-history.test.ts).
    pair = await startTestPair(inject('testServerUrl'), {
      ...demoNodeOptions(clock),
      logs: { zj: logs.zj.log, fj: logs.fj.log },
      delivery: { pullIntervalMs: 3_600_000, idlePollMs: 500, maxBackoffMs: 1_000 },
    });
  }, 120_000);
  afterAll(() => pair.destroy());

  it('says not ready and answers sign-ins NODE_STARTING while seeding; then serves with real-time tokens', {
    timeout: 300_000,
  }, async () => {
    const ready = await fetch(`${pair.zj.url}/readyz`);
    expect([ready.status, await readJson(ready)]).toEqual([
      503,
      { ready: false, reason: 'seeding the demo history' },
    ]);
    const early = await signIn(pair.zj.url);
    expect([early.status, early.headers.get('retry-after')]).toEqual([503, '5']);
    expect((await readJson(early)).error.data).toMatchObject({
      appCode: 'NODE_STARTING',
      messageZh: '节点正在启动，请几秒后重试',
      details: { retryAfter: 5 },
    });
    // The console batches its calls: the answer keeps the batch's shape.
    const batched = await fetch(`${pair.zj.url}/trpc/auth.consoleLogin?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tiemeng-client': 'console' },
      body: JSON.stringify({ 0: { username: 'zj.duty', password: 'tiemeng-demo' } }),
    });
    expect(batched.status).toBe(503);
    expect(
      (await readJson(batched)).map((r: { error: { data: { appCode: string } } }) => r.error.data.appCode),
    ).toEqual(['NODE_STARTING']);
    const refused = await pair.zj.services.db
      .selectFrom('audit_log')
      .select(['procedure', 'outcome', 'error_code'])
      .where('error_code', '=', 'NODE_STARTING')
      .orderBy('id')
      .execute();
    expect(refused).toEqual([
      { procedure: 'auth.login', outcome: 'refused', error_code: 'NODE_STARTING' },
      { procedure: 'auth.consoleLogin', outcome: 'refused', error_code: 'NODE_STARTING' },
    ]);
    const cli = await cliLogin(cliFor(await tempConfigDir()), pair.zj.url, 'zj.duty');
    expect([cli.code, cli.stderr.trim()]).toEqual([
      1,
      'tiemeng: NODE_STARTING: The node is starting, try again in a few seconds',
    ]);

    // A token issued while the seeding clock stands in 2025 still carries the real time.
    const seeding = seedHistory({ zj: pair.zj.services, fj: pair.fj.services }, clock, demoHistory);
    await eventually(async () => clock.now().getFullYear() === 2025, 'the seeding clock in 2025');
    const during = await pair.zj.services.auth.login('zj.command', 'tiemeng-demo', '127.0.0.1');
    expect(Math.abs(decodeJwt(during.token).iat! * 1000 - Date.now())).toBeLessThan(60_000);
    expect(await seeding).toBeGreaterThan(0);
    // Seeding is quiet: no warning (an audit head sent across a jump of the seeding clock was one).
    for (const side of ['zj', 'fj'] as const)
      expect(
        logs[side]
          .entries()
          .filter((e) => e.level >= 40)
          .map((e) => e.msg),
      ).toEqual([]);

    for (const node of [pair.zj, pair.fj]) node.services.startup.ready();
    expect((await fetch(`${pair.zj.url}/readyz`)).status).toBe(200);
    const { token, expiresAt } = (await readJson(await signIn(pair.zj.url))).result.data;
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    const me = await fetch(`${pair.zj.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await readJson(me)).result.data.username).toBe('zj.duty');
    // The token made during seeding works too: it was never stamped with 2025.
    const before = await fetch(`${pair.zj.url}/trpc/auth.me`, {
      headers: { authorization: `Bearer ${during.token}` },
    });
    expect(before.status).toBe(200);
  });
});
