import { ManualClock } from '@tiemeng/api';
import { startTestPair, type TestPair } from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { teaFieldBoundary } from './support/mediation.ts';
import { actAs } from './support/officers.ts';
import { expectRefused, sameOnBoth, statFacts } from './support/records.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('joint mediation rules on two nodes with a controlled clock', () => {
  const clock = new ManualClock('2025-06-20T09:00:00+08:00');
  let pair: TestPair;
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'), { clock });
  });
  afterAll(() => pair.destroy());

  /** Opens a mediation at Luoyang and waits until Xixi has it. */
  async function openShared() {
    const luoyang = await actAs(pair.zj, 'zj.officer');
    const { id } = await luoyang.mediation.open(teaFieldBoundary);
    await sameOnBoth(pair, id);
    return id;
  }

  it('co-signing: different hashes make no agreement, a new proposal resets, no agreement outcome without it', async () => {
    const luoyang = await actAs(pair.zj, 'zj.officer');
    const xixi = await actAs(pair.fj, 'fj.officer');
    const id = await openShared();

    const a = (await luoyang.mediation.proposeAgreement({ id, terms: 'Terms A' })).state.agreement!.termsHash;
    await luoyang.mediation.signAgreement({ id, termsHash: a });
    await sameOnBoth(pair, id);
    clock.advance(MINUTE);
    const b = (await xixi.mediation.proposeAgreement({ id, terms: 'Terms B' })).state.agreement!.termsHash;
    expect(b).not.toBe(a);
    await sameOnBoth(pair, id);
    clock.advance(MINUTE);
    const afterB = await xixi.mediation.signAgreement({ id, termsHash: b });
    // Luoyang signed A, Xixi signed B: two signatures, two hashes, no agreement.
    expect(afterB).toMatchObject({ status: 'agreement_proposed', agreedTermsHash: null });
    expect(afterB.state.agreement!.signatures.map((s) => s.node)).toEqual(['fj-shouning']);

    await expectRefused(
      pair.fj,
      () => xixi.mediation.signAgreement({ id, termsHash: b }),
      'ILLEGAL_TRANSITION',
      'mediation.signAgreement',
    );
    await sameOnBoth(pair, id);
    await expectRefused(
      pair.zj,
      () => luoyang.mediation.signAgreement({ id, termsHash: a }),
      'ILLEGAL_TRANSITION',
      'mediation.signAgreement',
    );
    await expectRefused(
      pair.zj,
      () => luoyang.mediation.recordOutcome({ id, result: 'agreement' }),
      'ILLEGAL_TRANSITION',
      'mediation.recordOutcome',
    );

    clock.advance(MINUTE);
    expect((await luoyang.mediation.signAgreement({ id, termsHash: b })).status).toBe('agreed');
    expect((await luoyang.mediation.recordOutcome({ id, result: 'agreement' })).status).toBe('concluded');
    const final = await sameOnBoth(pair, id);
    expect(final.status).toBe('concluded');
    expect(await statFacts(pair.fj, id)).toEqual(await statFacts(pair.zj, id));
    expect((await statFacts(pair.zj, id)).map((f) => f.metric)).toEqual([
      'disputes.mediated',
      'mediation.agreements',
    ]);
  });

  it('a signature on stale terms made during a partition is rejected identically on both nodes', async () => {
    const luoyang = await actAs(pair.zj, 'zj.officer');
    const xixi = await actAs(pair.fj, 'fj.duty');
    const id = await openShared();
    const old = (await luoyang.mediation.proposeAgreement({ id, terms: '旧条款' })).state.agreement!
      .termsHash;
    await sameOnBoth(pair, id);

    pair.partition();
    clock.advance(MINUTE);
    const fresh = (await luoyang.mediation.proposeAgreement({ id, terms: '新条款' })).state.agreement!
      .termsHash;
    clock.advance(MINUTE);
    // Xixi has not seen the new proposal: locally its signature on the old terms takes effect.
    expect(
      (await xixi.mediation.signAgreement({ id, termsHash: old })).state.agreement!.signatures,
    ).toHaveLength(1);
    pair.heal();

    const final = await sameOnBoth(pair, id);
    expect(final.status).toBe('agreement_proposed');
    const state = final.state as { agreement: { termsHash: string; signatures: unknown[] } };
    expect(state.agreement).toMatchObject({ termsHash: fresh, signatures: [] });
    expect(final.timeline.filter((e) => e.status === 'rejected')).toEqual([
      expect.objectContaining({
        kind: 'sign_agreement',
        author: 'fj-shouning',
        reason: 'the signed terms are not the terms in force (superseded or never proposed)',
      }),
    ]);
  });

  it('an overdue follow-up is flagged on both nodes, in get and in the list filter, until it is recorded', async () => {
    const luoyang = await actAs(pair.zj, 'zj.duty');
    const xixi = await actAs(pair.fj, 'fj.officer');
    const id = await openShared();
    const referred = await luoyang.mediation.recordOutcome({
      id,
      result: 'referred',
      referredTo: 'judicial_office',
    });
    expect(referred.followUpDueAt).toBe(new Date(clock.now().getTime() + 30 * DAY).toISOString());
    await sameOnBoth(pair, id);

    const flagged = async (overdue: boolean) => {
      for (const caller of [luoyang, xixi]) {
        expect(await caller.mediation.get({ id })).toMatchObject({ followUpOverdue: overdue });
        const listed = async (followUpOverdue: boolean) =>
          (await caller.mediation.list({ followUpOverdue })).items.map((i) => i.id);
        expect(await listed(true)).toEqual(
          overdue ? expect.arrayContaining([id]) : expect.not.arrayContaining([id]),
        );
        expect(await listed(false)).toEqual(
          overdue ? expect.not.arrayContaining([id]) : expect.arrayContaining([id]),
        );
      }
    };
    clock.advance(30 * DAY - MINUTE);
    await flagged(false);
    clock.advance(2 * MINUTE);
    await flagged(true);

    await xixi.mediation.recordFollowUp({ id, result: 'ongoing', note: '司法所已受理' });
    const final = await sameOnBoth(pair, id);
    expect(final.status).toBe('followed_up');
    await flagged(false);
    expect(await xixi.mediation.get({ id })).toMatchObject({
      followUpInTime: false,
      followUpDoneAt: expect.any(String),
    });
  });

  it('a failed mediation has no follow-up to record', async () => {
    const xixi = await actAs(pair.fj, 'fj.officer');
    const id = await openShared();
    const failed = await xixi.mediation.recordOutcome({ id, result: 'failed', note: '双方分歧较大' });
    expect(failed).toMatchObject({ status: 'concluded', followUpDueAt: null, followUpOverdue: false });
    await expectRefused(
      pair.fj,
      () => xixi.mediation.recordFollowUp({ id, result: 'resolved' }),
      'ILLEGAL_TRANSITION',
      'mediation.recordFollowUp',
    );
  });
});
