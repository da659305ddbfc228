import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { callerFor, readJson, startTestNode, type TestNode } from '../testing/index.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * A duty officer signs in at 20:00 for the night shift and renews the token as it goes, over HTTP:
 * each token stays 15 minutes, the sign-in lasts 12 hours (`auth.sessionHours`), then the password
 * is needed again.
 */
describe('renewing a sign-in through the night', () => {
  const clock = new ManualClock('2026-11-30T12:00:00Z'); // 20:00 in China
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj', clock });
  });
  afterAll(() => node.destroy());

  const call = async (path: string, token: string, method: 'GET' | 'POST' = 'GET') => {
    const res = await fetch(`${node.url}/trpc/${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    return { status: res.status, body: await readJson(res) };
  };
  const refresh = async (token: string) => {
    const { status, body } = await call('auth.refresh', token, 'POST');
    return status === 200
      ? {
          ok: true as const,
          ...(body.result.data as { token: string; expiresAt: string; sessionEndsAt: string }),
        }
      : { ok: false as const, status, appCode: body.error.data.appCode as string };
  };

  it('renews every token of a 12-hour sign-in, never past its end, then refuses the last one', async () => {
    const signedIn = await callerFor(node.services).auth.login({
      username: 'zj.duty',
      password: 'tiemeng-demo',
    });
    const sessionEndsAt = new Date(clock.now().getTime() + 12 * HOUR).toISOString();
    expect(signedIn.sessionEndsAt).toBe(sessionEndsAt);

    // 20:10: a fresh 15-minute token, the same end of session; the officer is the same.
    clock.advance(10 * MINUTE);
    const renewed = await refresh(signedIn.token);
    expect(renewed).toMatchObject({
      ok: true,
      expiresAt: new Date(clock.now().getTime() + 15 * MINUTE).toISOString(),
      sessionEndsAt,
    });
    const token = renewed.ok ? renewed.token : '';
    expect((await call('auth.me', token)).body.result.data).toMatchObject({ username: 'zj.duty' });

    // 20:20: the first token has lapsed (at 20:15) and cannot be renewed; the renewed one can.
    clock.advance(10 * MINUTE);
    expect(await refresh(signedIn.token)).toEqual({ ok: false, status: 401, appCode: 'TOKEN_INVALID' });
    const again = await refresh(token);
    expect(again).toMatchObject({ ok: true });

    // Renewed every 10 minutes until 07:55, the last token ends with the session at 08:00.
    let current = again.ok ? again.token : '';
    while (clock.now().getTime() + 10 * MINUTE <= Date.parse(sessionEndsAt) - 5 * MINUTE) {
      clock.advance(10 * MINUTE);
      const next = await refresh(current);
      expect(next, clock.now().toISOString()).toMatchObject({ ok: true });
      current = next.ok ? next.token : current;
    }
    clock.set(Date.parse(sessionEndsAt) - 5 * MINUTE);
    const last = await refresh(current);
    expect(last).toMatchObject({ ok: true, expiresAt: sessionEndsAt });

    // 08:00: the password is needed again.
    clock.set(sessionEndsAt);
    expect(await refresh(last.ok ? last.token : '')).toEqual({
      ok: false,
      status: 401,
      appCode: 'TOKEN_INVALID',
    });
    const audited = await node.services.db
      .selectFrom('audit_log')
      .select(['outcome'])
      .where('procedure', '=', 'auth.refresh')
      .execute();
    expect(audited.filter((r) => r.outcome === 'ok').length).toBeGreaterThan(60);
    expect(audited.filter((r) => r.outcome === 'refused')).toHaveLength(2);
  });

  it('a disabled account cannot renew its token', async () => {
    const admin = await callerFor(node.services).auth.login({
      username: 'zj.admin',
      password: 'tiemeng-demo',
    });
    const officer = await callerFor(node.services).auth.login({
      username: 'zj.officer',
      password: 'tiemeng-demo',
    });
    const res = await fetch(`${node.url}/trpc/admin.officers.disable`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'zj.officer' }),
    });
    expect(res.status).toBe(200);
    expect(await refresh(officer.token)).toEqual({ ok: false, status: 403, appCode: 'ACCOUNT_DISABLED' });
  });
});
