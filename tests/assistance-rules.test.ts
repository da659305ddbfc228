import { ManualClock } from '@tiemeng/api';
import { eventually, startTestPair, type TestPair } from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { interceptFourSuspects } from './support/assistance.ts';
import { actAs, officerId } from './support/officers.ts';
import { expectRefused, lastAudit, sameOnBoth } from './support/records.ts';

const MINUTE = 60_000;

// One pair for the whole file: the refusals below do not depend on the clock.
const clock = new ManualClock('2025-06-14T01:50:00+08:00');
let pair: TestPair;
beforeAll(async () => {
  pair = await startTestPair(inject('testServerUrl'), { clock });
});
afterAll(() => pair.destroy());

describe('assistance request rules on two nodes with a controlled clock', () => {
  it('an urgent request not acknowledged within 15 minutes is overdue on both nodes', async () => {
    const xixi = await actAs(pair.fj, 'fj.officer');
    const luoyang = await actAs(pair.zj, 'zj.duty');
    const filed = await xixi.assistance.file(interceptFourSuspects);
    expect(filed.dueAckAt).toBe(new Date(clock.now().getTime() + 15 * MINUTE).toISOString());
    await sameOnBoth(pair, filed.id);

    clock.advance(14 * MINUTE);
    expect((await xixi.assistance.get({ id: filed.id })).overdue).toBe(false);
    expect((await luoyang.assistance.get({ id: filed.id })).overdue).toBe(false);

    clock.advance(2 * MINUTE);
    for (const caller of [xixi, luoyang]) {
      const r = await caller.assistance.get({ id: filed.id });
      expect(r).toMatchObject({ overdue: true, ackOverdue: true, ackInTime: null });
      const overdue = await caller.assistance.list({ overdue: true });
      expect(overdue.items.map((i) => i.id)).toContain(filed.id);
    }

    await luoyang.assistance.acknowledge({ id: filed.id });
    await sameOnBoth(pair, filed.id);
    for (const caller of [xixi, luoyang]) {
      expect(await caller.assistance.get({ id: filed.id })).toMatchObject({
        status: 'acknowledged',
        overdue: false,
        ackInTime: false,
      });
    }
  });

  it('withdraw and complete crossing during a partition end the same on both nodes, with the same rejected event', async () => {
    const xixi = await actAs(pair.fj, 'fj.officer');
    const luoyang = await actAs(pair.zj, 'zj.officer');
    const { id } = await xixi.assistance.file({ ...interceptFourSuspects, priority: 'normal' });
    await sameOnBoth(pair, id);
    await (await actAs(pair.zj, 'zj.duty')).assistance.acknowledge({ id });
    await luoyang.assistance.start({ id });
    await eventually(
      async () => (await xixi.assistance.get({ id })).status === 'in_progress',
      'start reaches Xixi',
    );

    pair.partition();
    clock.advance(MINUTE);
    await xixi.assistance.withdraw({ id, reason: 'the owner found the goods' });
    clock.advance(MINUTE);
    await luoyang.assistance.complete({ id, outcome: 'not_found', text: 'nobody at the checkpoint' });
    pair.heal();

    const final = await sameOnBoth(pair, id);
    expect(final!.status).toBe('withdrawn');
    const rejected = final!.timeline.filter((e) => e.status === 'rejected');
    expect(rejected).toEqual([
      expect.objectContaining({
        kind: 'complete',
        author: 'zj-taishun',
        reason: 'cannot complete a request that is withdrawn',
      }),
    ]);
  });
});

describe('refusals change nothing and are audited', () => {
  let requestId: string;
  beforeAll(async () => {
    requestId = (await (await actAs(pair.fj, 'fj.officer')).assistance.file(interceptFourSuspects)).id;
    await sameOnBoth(pair, requestId);
  });

  it('only the addressed side acknowledges; only the requester withdraws', async () => {
    const requester = await actAs(pair.fj, 'fj.duty');
    await expectRefused(
      pair.fj,
      () => requester.assistance.acknowledge({ id: requestId }),
      'NOT_PARTY',
      'assistance.acknowledge',
    );
    const partner = await actAs(pair.zj, 'zj.officer');
    await expectRefused(
      pair.zj,
      () => partner.assistance.withdraw({ id: requestId, reason: 'x' }),
      'NOT_PARTY',
      'assistance.withdraw',
    );
  });

  it('an officer role may not acknowledge (duty desk only)', async () => {
    const officer = await actAs(pair.zj, 'zj.officer');
    await expectRefused(
      pair.zj,
      () => officer.assistance.acknowledge({ id: requestId }),
      'FORBIDDEN_ROLE',
      'assistance.acknowledge',
    );
  });

  it('illegal transitions are refused locally with ILLEGAL_TRANSITION', async () => {
    const partner = await actAs(pair.zj, 'zj.officer');
    await expectRefused(
      pair.zj,
      () => partner.assistance.complete({ id: requestId, outcome: 'located', text: 'done' }),
      'ILLEGAL_TRANSITION',
      'assistance.complete',
    );
    const requester = await actAs(pair.fj, 'fj.officer');
    await expectRefused(
      pair.fj,
      () => requester.assistance.close({ id: requestId }),
      'ILLEGAL_TRANSITION',
      'assistance.close',
    );
  });

  it('invalid input: missing fields, oversize text, bad enum, unknown station, unknown record', async () => {
    const requester = await actAs(pair.fj, 'fj.officer');
    const { title: _, ...untitled } = interceptFourSuspects;
    const bad: [unknown, string][] = [
      [untitled, 'INVALID_INPUT'],
      [{ ...interceptFourSuspects, details: 'x'.repeat(10_001) }, 'INVALID_INPUT'],
      [{ ...interceptFourSuspects, category: 'burglary' }, 'INVALID_INPUT'],
      [{ ...interceptFourSuspects, addressedStation: 'zj-nowhere' }, 'UNKNOWN_STATION'],
      [{ ...interceptFourSuspects, addressedStation: 'fj-xixi' }, 'INVALID_INPUT'],
      [{ ...interceptFourSuspects, requestingStation: 'zj-luoyang' }, 'NOT_PARTY'],
    ];
    for (const [input, code] of bad) {
      await expectRefused(pair.fj, () => requester.assistance.file(input as never), code, 'assistance.file');
    }
    await expectRefused(
      pair.fj,
      () => requester.assistance.withdraw({ id: '0190e6c0-0000-7000-8000-000000000000', reason: 'x' }),
      'NOT_FOUND',
      'assistance.withdraw',
    );
  });

  it('every read of a request is audited with its record id', async () => {
    const partner = await actAs(pair.zj, 'zj.officer');
    await partner.assistance.get({ id: requestId });
    const audit = await lastAudit(pair.zj, ['procedure', 'record_ids', 'actor_id', 'outcome']);
    expect(audit).toEqual({
      procedure: 'assistance.get',
      record_ids: [requestId],
      actor_id: await officerId(pair.zj, 'zj.officer'),
      outcome: 'ok',
    });
  });
});
