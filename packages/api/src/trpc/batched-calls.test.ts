import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REQUEST_ID_HEADER } from '../http/request-id.ts';
import { actAs, callerFor, startTestNode, type TestNode } from '../testing/index.ts';

/**
 * tRPC lets a client send several calls in one HTTP request (`?batch=1`). They share the request,
 * but each is its own call: its audit row must name only its own records and its own actor.
 */
describe('calls batched in one HTTP request are audited each on its own', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
  });
  afterAll(() => node.destroy());

  const rowsOf = (requestId: string) =>
    node.services.db
      .selectFrom('audit_log')
      .select(['procedure', 'actor_id', 'outcome', 'record_ids'])
      .where('request_id', '=', requestId)
      .orderBy('id')
      .execute();

  it('two requests read in one batch: each row names only the request it read', async () => {
    const officer = await actAs(node, 'zj.officer');
    const filed = (title: string) =>
      officer.assistance.file({
        requestingStation: 'zj-luoyang',
        addressedStation: 'fj-xixi',
        category: 'vehicle_check',
        priority: 'normal',
        title,
        details: 'batched reads',
      });
    const [x, y] = [await filed('甲'), await filed('乙')];
    const { token } = await callerFor(node.services).auth.login({
      username: 'zj.duty',
      password: 'tiemeng-demo',
    });
    const input = encodeURIComponent(JSON.stringify({ 0: { id: x.id }, 1: { id: y.id } }));
    const res = await fetch(`${node.url}/trpc/assistance.get,assistance.get?batch=1&input=${input}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const rows = await rowsOf(res.headers.get(REQUEST_ID_HEADER)!);
    expect(rows.map((r) => r.record_ids).sort()).toEqual([[x.id], [y.id]].sort());
  });

  it('a failed sign-in batched with a refused call: the refused call is not put on the name tried', async () => {
    const res = await fetch(`${node.url}/trpc/auth.login,assistance.file?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ 0: { username: 'zj.nobody', password: 'wrong' }, 1: {} }),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    const rows = await rowsOf(res.headers.get(REQUEST_ID_HEADER)!);
    expect(rows.map((r) => [r.procedure, r.actor_id, r.outcome]).sort()).toEqual(
      [
        ['auth.login', 'zj.nobody', 'refused'],
        ['assistance.file', null, 'refused'],
      ].sort(),
    );
  });

  it('a batch of more than 10 calls is refused whole, as input', async () => {
    const paths = Array.from({ length: 11 }, () => 'auth.me').join(',');
    const res = await fetch(`${node.url}/trpc/${paths}?batch=1`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; data: { appCode: string } } };
    expect(body.error).toMatchObject({
      message: 'Batch call exceeds maximum size (at most 10 calls)',
      data: { appCode: 'INVALID_INPUT' },
    });
  });
});
