import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callerFor, readJson, startTestNode, type TestNode } from '../testing/index.ts';

/**
 * Two API processes serve one node from one database. An admin rotates the signing key through
 * one of them (say, because the old key may have leaked); the other must follow.
 */
describe('a key rotated through one API process reaches the others', () => {
  let first: TestNode;
  let second: TestNode;
  beforeAll(async () => {
    first = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
    second = await startTestNode({
      serverUrl: inject('testServerUrl'),
      side: 'zj',
      connectionString: first.connectionString,
    });
  });
  afterAll(async () => {
    await second.stop();
    await first.destroy();
  });

  it('tokens signed with the new key are accepted by the other process, which then signs with it too', async () => {
    const admin = await callerFor(first.services).auth.login({
      username: 'zj.admin',
      password: 'tiemeng-demo',
    });
    const { kid } = await callerFor(first.services, admin.officer).admin.keys.rotate();
    const { token } = await callerFor(first.services).auth.login({
      username: 'zj.duty',
      password: 'tiemeng-demo',
    });
    expect(decodeProtectedHeader(token).kid).toBe(kid);

    const me = await fetch(`${second.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect((await readJson(me)).result.data).toMatchObject({ username: 'zj.duty' });
    const jwks = (await readJson(await fetch(`${second.url}/.well-known/jwks.json`))) as {
      keys: { kid: string }[];
    };
    expect(jwks.keys.map((k) => k.kid)).toContain(kid);
    const signedThere = await callerFor(second.services).auth.login({
      username: 'zj.duty',
      password: 'tiemeng-demo',
    });
    expect(decodeProtectedHeader(signedThere.token).kid).toBe(kid);
  });
});
