import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callerFor, legacyScryptHash, readJson, startTestNode, type TestNode } from '../testing/index.ts';

const password = 'tiemeng-demo';

describe('the password lifecycle: change, reset, unlock, roles', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
  });
  afterAll(() => node.destroy());

  const anon = () => callerFor(node.services);
  const admin = async () =>
    callerFor(node.services, (await anon().auth.login({ username: 'zj.admin', password })).officer);
  const newOfficer = async (username: string, roles: ('duty' | 'officer' | 'command')[] = ['duty']) =>
    (await admin()).admin.officers.create({
      username,
      displayName: username,
      stationId: 'zj-luoyang',
      roles,
      password: 'the-right-one',
    });
  /** A call over HTTP with a token, as a client makes it: status and app code. */
  const call = async (path: string, token: string, body?: unknown) => {
    const res = await fetch(`${node.url}/trpc/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await readJson(res);
    return { status: res.status, appCode: json.error?.data?.appCode ?? 'ok', data: json.result?.data };
  };
  const auditedOutcomes = (procedure: string) =>
    node.services.db
      .selectFrom('audit_log')
      .select(['outcome', 'error_code'])
      .where('procedure', '=', procedure)
      .orderBy('id')
      .execute();

  it('an officer changes their password: the old one and every earlier token stop working', async () => {
    await newOfficer('zj.changer');
    const first = await anon().auth.login({ username: 'zj.changer', password: 'the-right-one' });
    const me = callerFor(node.services, first.officer);
    await expect(
      me.auth.changePassword({ currentPassword: 'not-it', newPassword: 'harbour lantern 4 tides' }),
    ).rejects.toMatchObject({ appCode: 'BAD_CREDENTIALS' });
    await expect(
      me.auth.changePassword({ currentPassword: 'the-right-one', newPassword: 'password123' }),
    ).rejects.toMatchObject({ appCode: 'WEAK_PASSWORD' });
    await expect(
      me.auth.changePassword({ currentPassword: 'the-right-one', newPassword: 'short' }),
    ).rejects.toMatchObject({ appCode: 'WEAK_PASSWORD' });

    const changed = await call('auth.changePassword', first.token, {
      currentPassword: 'the-right-one',
      newPassword: 'harbour lantern 4 tides',
    });
    expect(changed.status).toBe(200);
    expect((await call('auth.me', first.token)).appCode).toBe('TOKEN_INVALID');
    expect((await call('auth.me', changed.data.token)).status).toBe(200);
    await expect(
      anon().auth.login({ username: 'zj.changer', password: 'the-right-one' }),
    ).rejects.toMatchObject({
      appCode: 'BAD_CREDENTIALS',
    });
    expect(
      (await anon().auth.login({ username: 'zj.changer', password: 'harbour lantern 4 tides' })).token,
    ).toBeTruthy();
    expect((await auditedOutcomes('auth.changePassword')).map((r) => r.error_code)).toEqual([
      'BAD_CREDENTIALS',
      'WEAK_PASSWORD',
      'WEAK_PASSWORD',
      null,
    ]);
  });

  it('after a reset the officer is signed out everywhere and must change the one-time password before anything else', async () => {
    await newOfficer('zj.forgetful');
    const before = await anon().auth.login({ username: 'zj.forgetful', password: 'the-right-one' });
    expect((await call('auth.me', before.token)).status).toBe(200);

    const { oneTimePassword, officer } = await (await admin()).admin.officers.resetPassword({
      username: 'zj.forgetful',
    });
    expect(officer.mustChangePassword).toBe(true);
    expect((await call('auth.me', before.token)).appCode).toBe('TOKEN_INVALID');
    expect((await call('auth.refresh', before.token, {})).appCode).toBe('TOKEN_INVALID');
    await expect(
      anon().auth.login({ username: 'zj.forgetful', password: 'the-right-one' }),
    ).rejects.toMatchObject({
      appCode: 'BAD_CREDENTIALS',
    });

    const signedIn = await anon().auth.login({ username: 'zj.forgetful', password: oneTimePassword });
    expect(signedIn.mustChangePassword).toBe(true);
    const held = await call('assistance.list', signedIn.token);
    expect([held.status, held.appCode]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
    expect((await call('auth.me', signedIn.token)).status).toBe(200);

    const changed = await call('auth.changePassword', signedIn.token, {
      currentPassword: oneTimePassword,
      newPassword: 'harbour lantern 4 tides',
    });
    expect(changed.data.mustChangePassword).toBe(false);
    expect((await call('assistance.list', changed.data.token)).status).toBe(200);
    expect((await auditedOutcomes('admin.officers.resetPassword')).map((r) => r.outcome)).toEqual(['ok']);
  });

  it('unlock clears the throttling that holds an account', async () => {
    await newOfficer('zj.fumbler');
    for (let i = 0; i < 5; i++) {
      await expect(anon().auth.login({ username: 'zj.fumbler', password: 'wrong' })).rejects.toMatchObject({
        appCode: 'BAD_CREDENTIALS',
      });
    }
    await expect(
      anon().auth.login({ username: 'zj.fumbler', password: 'the-right-one' }),
    ).rejects.toMatchObject({
      appCode: 'TOO_MANY_ATTEMPTS',
      details: { retryAfter: expect.any(Number) },
    });
    await (await admin()).admin.officers.unlock({ username: 'zj.fumbler' });
    expect(
      (await anon().auth.login({ username: 'zj.fumbler', password: 'the-right-one' })).token,
    ).toBeTruthy();
    expect((await auditedOutcomes('admin.officers.unlock')).map((r) => r.outcome)).toEqual(['ok']);
  });

  it('new roles apply from the officer’s next call, with the token they already hold', async () => {
    await newOfficer('zj.promoted', ['duty']);
    const { token } = await anon().auth.login({ username: 'zj.promoted', password: 'the-right-one' });
    expect((await call('sync.status', token)).appCode).toBe('FORBIDDEN_ROLE');
    // Known (and cached) by the gate before the change.
    expect((await call('assistance.list', token)).status).toBe(200);

    await (await admin()).admin.officers.setRoles({ username: 'zj.promoted', roles: ['command'] });
    expect((await call('sync.status', token)).status).toBe(200);
    await (await admin()).admin.officers.setRoles({ username: 'zj.promoted', roles: ['auditor'] });
    expect((await call('sync.status', token)).appCode).toBe('FORBIDDEN_ROLE');
    expect((await call('auth.me', token)).data.roles).toEqual(['auditor']);
    expect((await auditedOutcomes('admin.officers.setRoles')).map((r) => r.outcome)).toEqual(['ok', 'ok']);
  });

  it('a scrypt hash from before argon2id is replaced at the next successful sign-in', async () => {
    await newOfficer('zj.veteran');
    await node.services.db
      .updateTable('officer')
      .set({ password_hash: legacyScryptHash('the-right-one') })
      .where('username', '=', 'zj.veteran')
      .execute();
    const hashOf = async () =>
      (
        await node.services.db
          .selectFrom('officer')
          .select('password_hash')
          .where('username', '=', 'zj.veteran')
          .executeTakeFirstOrThrow()
      ).password_hash;
    await expect(anon().auth.login({ username: 'zj.veteran', password: 'wrong' })).rejects.toMatchObject({
      appCode: 'BAD_CREDENTIALS',
    });
    expect(await hashOf()).toMatch(/^scrypt\$/);
    await anon().auth.login({ username: 'zj.veteran', password: 'the-right-one' });
    expect(await hashOf()).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(
      (await anon().auth.login({ username: 'zj.veteran', password: 'the-right-one' })).token,
    ).toBeTruthy();
  });
});
