import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callerFor, startTestNode, type TestNode } from '../testing/index.ts';

describe('the request id in audit rows is the node’s own', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
  });
  afterAll(() => node.destroy());

  it("a caller's x-request-id is kept as a correlation id only; each request gets an id it cannot choose", async () => {
    const send = () =>
      fetch(`${node.url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'trace-42' },
        body: JSON.stringify({ username: 'zj.nobody', password: 'wrong-password' }),
      });
    const [first, second] = [await send(), await send()];
    const ids = [first.headers.get('x-request-id'), second.headers.get('x-request-id')];
    expect(ids[0]).not.toBe('trace-42');
    expect(ids[0]).not.toBe(ids[1]);
    const rows = await node.services.db
      .selectFrom('audit_log')
      .select(['request_id', 'correlation_id'])
      .where('correlation_id', '=', 'trace-42')
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { request_id: ids[0], correlation_id: 'trace-42' },
      { request_id: ids[1], correlation_id: 'trace-42' },
    ]);
    // Rows with and without a correlation id chain as before.
    const admin = await callerFor(node.services).auth.login({
      username: 'zj.auditor',
      password: 'tiemeng-demo',
    });
    expect(await callerFor(node.services, admin.officer).audit.verify()).toMatchObject({ ok: true });
  });
});
