import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REQUEST_ID_HEADER } from '../http/request-id.ts';
import { callerFor, startTestNode, type TestNode } from '../testing/index.ts';
import { FAILED_AFTER_COMMIT } from './trpc.ts';

/**
 * A filing's event and its ok audit row commit together; reading the new request back for the
 * answer comes after. When that read fails, the officer sees an error though the request exists:
 * the trail must say both, and say which row is which.
 */
describe('a call that fails after its change was committed', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
  });
  afterAll(() => node.destroy());

  it('keeps the ok row of the change and adds an error row that says the change stands', async () => {
    const { token } = await callerFor(node.services).auth.login({
      username: 'zj.officer',
      password: 'tiemeng-demo',
    });
    const service = node.services.assistance;
    service.get = async () => {
      throw new Error('the read-back failed');
    };
    const res = await fetch(`${node.url}/trpc/assistance.file`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        requestingStation: 'zj-luoyang',
        addressedStation: 'fj-xixi',
        category: 'vehicle_check',
        priority: 'urgent',
        title: '读回失败',
        details: 'the answer fails after the filing commits',
      }),
    });
    Reflect.deleteProperty(service, 'get');
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { data: { appCode: string } } };
    expect(body.error.data.appCode).toBe('INTERNAL');

    const rows = await node.services.db
      .selectFrom('audit_log')
      .select(['outcome', 'error_code', 'record_ids', 'note'])
      .where('request_id', '=', res.headers.get(REQUEST_ID_HEADER)!)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.outcome, r.error_code, r.note])).toEqual([
      ['ok', null, null],
      ['error', 'INTERNAL', FAILED_AFTER_COMMIT],
    ]);
    const [filed] = rows[0]!.record_ids;
    const stored = await node.services.db
      .selectFrom('record_projection')
      .select('record_id')
      .where('record_id', '=', filed!)
      .execute();
    expect(stored).toHaveLength(1);
  });
});
