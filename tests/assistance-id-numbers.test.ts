import { startTestPair, type TestPair } from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { interceptFourSuspects } from './support/assistance.ts';
import { FUGITIVE_ID } from './support/notice.ts';
import { actAs } from './support/officers.ts';
import { expectRefused, sameOnBoth } from './support/records.ts';

const MASKED_ID = '3303**********1235';
const withId = (idNumber: string) => ({
  ...interceptFourSuspects,
  subjects: { persons: [{ name: '张某', sex: 'male' as const, idNumber }], vehicles: [] },
});

describe('ID numbers in assistance-request subjects are checked and masked as notices do', () => {
  let pair: TestPair;
  let id: string;
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'));
    id = (await (await actAs(pair.fj, 'fj.officer')).assistance.file(withId(FUGITIVE_ID))).id;
    await sameOnBoth(pair, id);
  });
  afterAll(() => pair.destroy());

  it('a wrong check digit, a bad birth date or a malformed number is refused, naming the field', async () => {
    const xixi = await actAs(pair.fj, 'fj.officer');
    for (const bad of ['330302199001011234', '330302199002301235', '33030219900101', 'not an id']) {
      await expect(xixi.assistance.file(withId(bad))).rejects.toMatchObject({
        appCode: 'INVALID_INPUT',
        fields: [{ path: 'subjects.persons.0.idNumber' }],
      });
    }
  });

  it('get masks the number on both nodes, timeline included', async () => {
    for (const [node, who] of [
      [pair.fj, 'fj.officer'],
      [pair.zj, 'zj.officer'],
    ] as const) {
      const got = await (await actAs(node, who)).assistance.get({ id });
      expect(got.state.subjects.persons[0]).toMatchObject({ name: '张某', idNumber: MASKED_ID });
      expect(JSON.stringify(got)).not.toContain(FUGITIVE_ID);
      expect(JSON.stringify(got.timeline)).toContain(MASKED_ID);
    }
  });

  it('the duty desk reveals the number for a reason the auditors read; an officer may not', async () => {
    const officer = await actAs(pair.zj, 'zj.officer');
    await expectRefused(
      pair.zj,
      () => officer.assistance.reveal({ id, reason: 'curious' }),
      'FORBIDDEN_ROLE',
      'assistance.reveal',
    );
    const duty = await actAs(pair.zj, 'zj.duty');
    await expect(duty.assistance.reveal({ id } as never)).rejects.toMatchObject({ appCode: 'INVALID_INPUT' });
    const revealed = await duty.assistance.reveal({ id, reason: '核对拦截人员身份' });
    expect(revealed.subjects.persons[0]!.idNumber).toBe(FUGITIVE_ID);

    const auditor = await actAs(pair.zj, 'zj.auditor');
    const [row] = (await auditor.audit.list({ procedure: 'assistance.reveal', outcome: 'ok', limit: 1 }))
      .items;
    expect(row).toMatchObject({ recordIds: [id], note: '核对拦截人员身份' });
  });
});
