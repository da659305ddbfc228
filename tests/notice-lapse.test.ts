import { ManualClock } from '@tiemeng/api';
import { startTestPair, type TestPair } from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { burglaryFugitive } from './support/notice.ts';
import { actAs } from './support/officers.ts';
import { sameOnBoth } from './support/records.ts';

const DAY = 24 * 60 * 60_000;

describe('a notice lapses after its review period unless renewed, the same on both nodes', () => {
  const clock = new ManualClock('2025-06-15T08:00:00+08:00');
  let pair: TestPair;
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'), { clock });
  });
  afterAll(() => pair.destroy());

  it('renewed stays active, not renewed lapses; nothing but resolve is accepted after lapse', async () => {
    const luoyang = await actAs(pair.zj, 'zj.duty');
    const xixi = await actAs(pair.fj, 'fj.officer');
    const issuedAt = clock.now().getTime();
    const renewed = await luoyang.notice.issue(burglaryFugitive);
    const forgotten = await luoyang.notice.issue({ ...burglaryFugitive, subject: { name: '赵某' } });
    expect(renewed.reviewDueAt).toBe(new Date(issuedAt + 30 * DAY).toISOString());
    await sameOnBoth(pair, renewed.id);
    await sameOnBoth(pair, forgotten.id);

    clock.advance(20 * DAY);
    const afterRenew = await luoyang.notice.renew({ id: renewed.id, remark: '仍在追逃' });
    expect(afterRenew.reviewDueAt).toBe(new Date(issuedAt + 50 * DAY).toISOString());
    expect(afterRenew.state.renewals).toBe(1);
    await sameOnBoth(pair, renewed.id);

    clock.advance(11 * DAY); // 31 days after issue
    for (const caller of [luoyang, xixi]) {
      expect(await caller.notice.get({ id: forgotten.id })).toMatchObject({ status: 'lapsed', lapsed: true });
      expect(await caller.notice.get({ id: renewed.id })).toMatchObject({ status: 'active', lapsed: false });
      const lapsed = (await caller.notice.list({ status: 'lapsed' })).items.map((i) => i.id);
      expect(lapsed).toContain(forgotten.id);
      expect(lapsed).not.toContain(renewed.id);
      const active = (await caller.notice.list({ status: 'active' })).items.map((i) => i.id);
      expect(active).toContain(renewed.id);
      expect(active).not.toContain(forgotten.id);
    }

    const sighting = { id: forgotten.id, time: clock.now().toISOString(), place: '犀溪镇', detail: '疑似' };
    await expect(xixi.notice.reportSighting(sighting)).rejects.toMatchObject({
      appCode: 'ILLEGAL_TRANSITION',
      message: expect.stringMatching(/lapsed/),
    });
    await expect(luoyang.notice.renew({ id: forgotten.id })).rejects.toMatchObject({
      appCode: 'ILLEGAL_TRANSITION',
    });
    // The renewed notice still takes reports.
    await xixi.notice.reportSighting({ ...sighting, id: renewed.id });

    // The owner may still close its books on a lapsed notice.
    const closed = await luoyang.notice.resolve({
      id: forgotten.id,
      outcome: 'cancelled',
      remark: '已另行发布',
    });
    expect(closed.status).toBe('resolved');
    const final = await sameOnBoth(pair, forgotten.id);
    expect(final!.status).toBe('resolved');
    expect(final!.timeline.every((e) => e.status === 'accepted')).toBe(true);
  });
});
