import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callerFor, readJson, startTestNode, type TestNode } from '../testing/index.ts';

const password = 'tiemeng-demo';

describe('officer sign-in', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
  });
  afterAll(() => node.destroy());

  const anon = () => callerFor(node.services);
  /** A duty officer of its own for a test that throttles an account, with the password `the-right-one`. */
  const newDutyOfficer = async (username: string) => {
    const admin = await anon().auth.login({ username: 'zj.admin', password });
    await callerFor(node.services, admin.officer).admin.officers.create({
      username,
      displayName: username,
      stationId: 'zj-luoyang',
      roles: ['duty'],
      password: 'the-right-one',
    });
  };

  it('returns a short-lived token that says who the officer is', async () => {
    const result = await anon().auth.login({ username: 'zj.duty', password });
    expect(result.officer).toMatchObject({ username: 'zj.duty', station: 'zj-luoyang', roles: ['duty'] });
    const ttl = new Date(result.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);
    const res = await fetch(`${node.url}/trpc/auth.me`, {
      headers: { authorization: `Bearer ${result.token}` },
    });
    expect(res.status).toBe(200);
    expect((await readJson(res)).result.data).toMatchObject({ username: 'zj.duty', node: 'zj-taishun' });
  });

  it('a shift change: more officers sign in at once than the node has database connections', async () => {
    const signIns = Array.from({ length: 24 }, (_, i) =>
      anon()
        .auth.login(i % 2 ? { username: 'zj.duty', password } : { username: `zj.nobody${i}`, password })
        .then(
          () => 'signed in',
          (err: { appCode?: string }) => err.appCode,
        ),
    );
    const stuck = new Promise((resolve) => setTimeout(resolve, 20_000, 'stuck')).then(() => ['stuck']);
    const outcomes = await Promise.race([Promise.all(signIns), stuck]);
    // Every duty officer with the right password is signed in, however many arrive at once.
    expect(outcomes).toEqual(signIns.map((_, i) => (i % 2 ? 'signed in' : 'BAD_CREDENTIALS')));
  });

  it("a sign-in sent with another officer's token is audited under the account tried", async () => {
    const { token } = await anon().auth.login({ username: 'zj.duty', password });
    const res = await fetch(`${node.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'zj.someone', password: 'guess' }),
    });
    expect(res.status).toBe(401);
    const [row] = await node.services.db
      .selectFrom('audit_log')
      .select(['actor_type', 'actor_id', 'outcome'])
      .where('request_id', '=', res.headers.get('x-request-id')!)
      .execute();
    expect(row).toEqual({ actor_type: 'anonymous', actor_id: 'zj.someone', outcome: 'refused' });
  });

  it('refuses a wrong password and an unknown user alike, and audits both as refused', async () => {
    await expect(
      anon().auth.login({ username: 'zj.officer', password: 'wrong-password' }),
    ).rejects.toMatchObject({
      appCode: 'BAD_CREDENTIALS',
    });
    await expect(anon().auth.login({ username: 'nobody', password })).rejects.toMatchObject({
      appCode: 'BAD_CREDENTIALS',
    });
    const rows = await node.services.db
      .selectFrom('audit_log')
      .selectAll()
      .where('procedure', '=', 'auth.login')
      .where('actor_id', 'in', ['zj.officer', 'nobody'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.actor_id, r.outcome, r.error_code])).toEqual([
      ['zj.officer', 'refused', 'BAD_CREDENTIALS'],
      ['nobody', 'refused', 'BAD_CREDENTIALS'],
    ]);
  });

  it('guesses sent at once get no more tries than guesses sent one by one', async () => {
    await newDutyOfficer('zj.target');
    const attempt = (pw: string) =>
      anon()
        .auth.login({ username: 'zj.target', password: pw })
        .then(
          () => 'signed in',
          (err: { appCode?: string }) => err.appCode,
        );
    // Ten wrong guesses at once: only five are checked, then this caller is held.
    const guesses = Array.from({ length: 10 }, (_, i) => attempt(`wrong-${i}`));
    const outcomes = await Promise.all(guesses);
    expect(outcomes.filter((o) => o === 'BAD_CREDENTIALS')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'TOO_MANY_ATTEMPTS')).toHaveLength(5);
    expect(await attempt('the-right-one')).toBe('TOO_MANY_ATTEMPTS');
  });

  it('refuses a disabled officer at sign-in and on calls with a token issued before', async () => {
    const { token } = await anon().auth.login({ username: 'zj.auditor', password });
    const admin = await anon().auth.login({ username: 'zj.admin', password });
    await callerFor(node.services, admin.officer).admin.officers.disable({ username: 'zj.auditor' });
    await expect(anon().auth.login({ username: 'zj.auditor', password })).rejects.toMatchObject({
      appCode: 'ACCOUNT_DISABLED',
    });
    const res = await fetch(`${node.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(403);
    expect((await readJson(res)).error.data.appCode).toBe('ACCOUNT_DISABLED');
  });

  it('rejects a forged or foreign token as TOKEN_INVALID over HTTP', async () => {
    const { token } = await anon().auth.login({ username: 'zj.officer', password });
    const [h, p, s] = token.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), roles: ['admin'] })).toString('base64url')}.${s}`;
    const res = await fetch(`${node.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${tampered}` } });
    expect(res.status).toBe(401);
    const body = await readJson(res);
    expect(body.error.data.appCode).toBe('TOKEN_INVALID');
    expect(JSON.stringify(body)).not.toMatch(/stack|at .*\.ts/);
  });
});
