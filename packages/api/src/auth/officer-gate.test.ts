import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { callerFor, eventually, startTestNode, type TestNode } from '../testing/index.ts';

const password = 'tiemeng-demo';

describe('admitting officers with cached answers', () => {
  const clock = new ManualClock('2026-03-01T02:00:00Z');
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj', clock });
  });
  afterAll(() => node.destroy());

  const me = (token: string) =>
    fetch(`${node.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } }).then(
      async (res) => ({
        status: res.status,
        body: (await res.json()) as { error?: { data: { appCode: string } } },
      }),
    );

  it('refuses a token it has already accepted once the node clock passes its expiry', async () => {
    const { token } = await callerFor(node.services).auth.login({ username: 'zj.duty', password });
    expect((await me(token)).status).toBe(200);
    clock.advance(15 * 60_000 + 1_000);
    const late = await me(token);
    expect(late.status).toBe(401);
    expect(late.body.error?.data.appCode).toBe('TOKEN_INVALID');
  });

  it('refuses an account disabled by another process on the same database, without a restart', async () => {
    const { token } = await callerFor(node.services).auth.login({ username: 'zj.command', password });
    expect((await me(token)).status).toBe(200);
    // Another API process disables the account: this process learns of it only from the database.
    await node.services.db
      .updateTable('officer')
      .set({ disabled: true })
      .where('username', '=', 'zj.command')
      .execute();
    await eventually(async () => (await me(token)).status === 403, 'the disabled account refused');
    expect((await me(token)).body.error?.data.appCode).toBe('ACCOUNT_DISABLED');
  });
});
