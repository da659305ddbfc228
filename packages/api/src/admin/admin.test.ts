import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { actAs, callerFor, rowCount, startTestNode, type TestNode } from '../testing/index.ts';

describe('administration of officers and stations', () => {
  let node: TestNode;
  let admin: ReturnType<typeof callerFor>;
  beforeAll(async () => {
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
    admin = await actAs(node, 'zj.admin');
  });
  afterAll(() => node.destroy());

  const countOfficers = () => rowCount(node.services.db.selectFrom('officer'));

  it('creates an officer who can then sign in, and audits it with the new id', async () => {
    const created = await admin.admin.officers.create({
      username: 'zj.chen',
      displayName: '陈警官',
      stationId: 'zj-luoyang',
      roles: ['officer', 'duty'],
      password: 'a-long-password',
    });
    const login = await callerFor(node.services).auth.login({
      username: 'zj.chen',
      password: 'a-long-password',
    });
    expect(login.officer.roles).toEqual(['officer', 'duty']);
    const audit = await node.services.db
      .selectFrom('audit_log')
      .selectAll()
      .where('procedure', '=', 'admin.officers.create')
      .where('outcome', '=', 'ok')
      .executeTakeFirstOrThrow();
    expect(audit.record_ids).toEqual([created.id]);
  });

  it('gives typed errors naming the fields for bad input, writes nothing, and audits the error', async () => {
    const before = await countOfficers();
    const error = await admin.admin.officers
      .create({
        username: 'Bad Name',
        displayName: '',
        stationId: 'zj-luoyang',
        roles: ['sheriff'] as never,
        password: 'short',
      })
      .catch((e) => e);
    expect(error.appCode).toBe('INVALID_INPUT');
    expect(error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'displayName',
      'password',
      'roles.0',
      'username',
    ]);
    expect(await countOfficers()).toBe(before);
    const audit = await node.services.db
      .selectFrom('audit_log')
      .select(['outcome', 'error_code'])
      .where('procedure', '=', 'admin.officers.create')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ outcome: 'error', error_code: 'INVALID_INPUT' });
  });

  it('refuses an officer at a peer station or a duplicate username, changing nothing', async () => {
    const before = await countOfficers();
    await expect(
      admin.admin.officers.create({
        username: 'zj.li',
        displayName: 'Li',
        stationId: 'fj-xixi',
        roles: ['officer'],
        password: 'a-long-password',
      }),
    ).rejects.toMatchObject({ appCode: 'UNKNOWN_STATION' });
    await expect(
      admin.admin.officers.create({
        username: 'zj.duty',
        displayName: 'Dup',
        stationId: 'zj-luoyang',
        roles: ['officer'],
        password: 'a-long-password',
      }),
    ).rejects.toMatchObject({ appCode: 'ALREADY_EXISTS' });
    expect(await countOfficers()).toBe(before);
  });

  it('lists stations of both sides and disables one', async () => {
    const stations = await admin.admin.stations.list();
    expect(stations.map((s) => s.id)).toEqual(['fj-xixi', 'zj-luoyang']);
    await admin.admin.stations.create({
      id: 'zj-sixi',
      nodeId: 'zj-taishun',
      nameZh: '泗溪派出所',
      nameEn: 'Sixi station',
      province: 'zhejiang',
    });
    const disabled = await admin.admin.stations.disable({ id: 'zj-sixi' });
    expect(disabled.disabled).toBe(true);
    await expect(admin.admin.stations.disable({ id: 'zj-nowhere' })).rejects.toMatchObject({
      appCode: 'NOT_FOUND',
    });
  });
});
