import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readJson, startTestNode, type TestNode } from '../testing/index.ts';

const console = { 'x-tiemeng-client': 'console', 'content-type': 'application/json' };
const demo = JSON.stringify({ username: 'zj.duty', password: 'tiemeng-demo' });

describe('console sessions: an httpOnly cookie instead of a token, and no cross-site changes', () => {
  let node: TestNode;
  let cookie: string;
  beforeAll(async () => {
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
  });
  afterAll(() => node.destroy());

  const post = (path: string, headers: Record<string, string>, body = '') =>
    fetch(`${node.url}/trpc/${path}`, { method: 'POST', headers, body });
  const auditOf = async (procedure: string) =>
    node.services.db
      .selectFrom('audit_log')
      .select(['outcome', 'error_code'])
      .where('procedure', '=', procedure)
      .orderBy('id', 'desc')
      .executeTakeFirst();

  it('signs in into a cookie page scripts cannot read; the answer holds no token', async () => {
    const res = await post('auth.consoleLogin', { ...console, origin: node.url }, demo);
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body.result.data).toMatchObject({ officer: { username: 'zj.duty', roles: ['duty'] } });
    expect(body.result.data.token).toBeUndefined();
    expect(body.result.data.expiresAt).toBeTypeOf('string');
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(
      /^tiemeng_session=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; Max-Age=900; HttpOnly; SameSite=Strict$/,
    );
    cookie = setCookie.split(';')[0]!;
    const me = await fetch(`${node.url}/trpc/auth.me`, { headers: { cookie } });
    expect((await readJson(me)).result.data).toMatchObject({ username: 'zj.duty', node: 'zj-taishun' });
  });

  it('refuses a change made by cookie without the console header, or from another site', async () => {
    const file = JSON.stringify({ id: '0193a2b4-0000-7000-8000-000000000001', remark: 'x' });
    for (const headers of [
      { cookie, 'content-type': 'application/json' },
      { cookie, ...console, origin: 'http://evil.example' },
      { cookie, ...console, 'sec-fetch-site': 'cross-site' },
      { cookie, ...console, 'sec-fetch-site': 'same-site' },
    ]) {
      const res = await post('assistance.acknowledge', headers, file);
      expect(res.status).toBe(403);
      expect((await readJson(res)).error.data).toMatchObject({
        appCode: 'CSRF_REFUSED',
        messageZh: expect.stringContaining('同源'),
      });
      expect(await auditOf('assistance.acknowledge')).toEqual({
        outcome: 'refused',
        error_code: 'CSRF_REFUSED',
      });
    }
    // From the console page itself the same change reaches the procedure (here: no such request).
    const own = await post(
      'assistance.acknowledge',
      { cookie, ...console, 'sec-fetch-site': 'same-origin', origin: node.url },
      file,
    );
    expect((await readJson(own)).error.data.appCode).toBe('NOT_FOUND');
    // A cross-site page cannot sign a browser in either.
    const forged = await post(
      'auth.consoleLogin',
      { 'content-type': 'application/json', origin: 'http://evil.example' },
      demo,
    );
    expect([forged.status, forged.headers.get('set-cookie')]).toEqual([403, null]);
  });

  it('reads by cookie without the header (the live feed cannot send one), and follows the feed', async () => {
    const list = await fetch(`${node.url}/trpc/assistance.list?input=${encodeURIComponent('{}')}`, {
      headers: { cookie },
    });
    expect(list.status).toBe(200);
    const controller = new AbortController();
    const feed = await fetch(`${node.url}/trpc/feed.live?input=${encodeURIComponent('{}')}`, {
      headers: { cookie, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect([feed.status, feed.headers.get('content-type')]).toEqual([200, 'text/event-stream']);
    const first = new TextDecoder().decode((await feed.body!.getReader().read()).value);
    controller.abort();
    expect(first).toContain('connected');
    const refused = await fetch(`${node.url}/trpc/feed.live?input=${encodeURIComponent('{}')}`, {
      headers: { accept: 'text/event-stream' },
    });
    expect(await refused.text()).toContain('UNAUTHENTICATED');
  });

  it('renews the cookie, signs out by clearing it; bearer tokens work as before without any header', async () => {
    const renewed = await post('auth.consoleRefresh', { cookie, ...console });
    expect(renewed.status).toBe(200);
    expect((await readJson(renewed)).result.data.token).toBeUndefined();
    expect(renewed.headers.get('set-cookie')).toMatch(
      /^tiemeng_session=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; Max-Age=900;/,
    );
    const out = await post('auth.consoleLogout', { cookie, ...console });
    expect((await readJson(out)).result.data).toEqual({ ok: true });
    expect(out.headers.get('set-cookie')).toBe(
      'tiemeng_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict',
    );

    const login = await post('auth.login', { 'content-type': 'application/json' }, demo);
    const { token } = (await readJson(login)).result.data;
    expect(login.headers.get('set-cookie')).toBeNull();
    const refreshed = await post('auth.refresh', {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    });
    expect((await readJson(refreshed)).result.data.token).toBeTypeOf('string');
    // A bearer token is never taken for a cookie session: consoleRefresh wants the cookie.
    const mixed = await post('auth.consoleRefresh', { authorization: `Bearer ${token}`, ...console });
    expect((await readJson(mixed)).error.data.appCode).toBe('UNAUTHENTICATED');
  });
});
