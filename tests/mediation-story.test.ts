import { eventually, startTestPair, type TestPair } from '@tiemeng/api/testing';
import type { TiemengClient } from '@tiemeng/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { teaFieldBoundary } from './support/mediation.ts';
import { signIn } from './support/officers.ts';
import { sameOnBoth, sharedView, statFacts } from './support/records.ts';

type Mediation = Awaited<ReturnType<TiemengClient['mediation']['get']['query']>>;

describe('a joint mediation of a tea-field boundary, Luoyang × Xixi, over HTTP between two nodes', () => {
  let pair: TestPair;
  let luoyang: { officer: TiemengClient; duty: TiemengClient };
  let xixi: { officer: TiemengClient; command: TiemengClient };
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'));
    luoyang = { officer: await signIn(pair.zj, 'zj.officer'), duty: await signIn(pair.zj, 'zj.duty') };
    xixi = { officer: await signIn(pair.fj, 'fj.officer'), command: await signIn(pair.fj, 'fj.command') };
  });
  afterAll(() => pair.destroy());

  const reached = (client: TiemengClient, id: string, what: (m: Mediation) => boolean, label: string) =>
    eventually(async () => what(await client.mediation.get.query({ id })), label);

  it('is opened, mediated from both sides, co-signed, concluded and followed up, identical on both nodes', async () => {
    const opened = await luoyang.officer.mediation.open.mutate(teaFieldBoundary);
    expect(opened).toMatchObject({ status: 'open', direction: 'outbound', mechanism: 'joint' });
    const { id } = opened;
    await eventually(
      async () =>
        (await xixi.officer.mediation.list.query({ station: 'fj-xixi' })).items.some((i) => i.id === id),
      'the mediation reaches Xixi',
    );
    expect((await xixi.officer.mediation.get.query({ id })).direction).toBe('inbound');

    await xixi.officer.mediation.addParty.mutate({
      id,
      name: '郑某',
      province: 'fujian',
      role: 'respondent',
    });
    await xixi.officer.mediation.addMediator.mutate({
      id,
      name: '犀溪村五老 叶老',
      kind: 'volunteer',
      node: 'fj-shouning',
      note: '五老调解员',
    });
    await luoyang.officer.mediation.recordSession.mutate({
      id,
      at: '2025-06-20T09:30:00+08:00',
      place: '浙闽边界茶园现场',
      attendees: ['吴某', '郑某', '陈某', '叶老'],
      notes: 'Both parties walked the boundary with the elders.',
    });
    await reached(
      luoyang.officer,
      id,
      (m) => m.state.sessions.length === 1 && m.state.parties.length === 2,
      'Xixi additions reach Luoyang',
    );

    const terms = '以老界碑为准，茶园东侧三垄归郑某，西侧归吴某；双方各自修整排水沟。';
    const proposed = await luoyang.officer.mediation.proposeAgreement.mutate({ id, terms });
    const termsHash = proposed.state.agreement!.termsHash;
    expect(proposed.status).toBe('agreement_proposed');
    expect(termsHash).toMatch(/^[0-9a-f]{64}$/);
    await luoyang.duty.mediation.signAgreement.mutate({ id, termsHash });
    await reached(
      xixi.command,
      id,
      (m) => m.state.agreement?.signatures.length === 1,
      'Luoyang signature reaches Xixi',
    );
    const agreed = await xixi.command.mediation.signAgreement.mutate({ id, termsHash });
    expect(agreed.status).toBe('agreed');
    expect(agreed.agreedTermsHash).toBe(termsHash);
    expect(agreed.state.agreement!.signatures).toEqual([
      expect.objectContaining({ node: 'zj-taishun', officer: 'zj.duty', station: 'zj-luoyang' }),
      expect.objectContaining({ node: 'fj-shouning', officer: 'fj.command', station: 'fj-xixi' }),
    ]);

    await reached(luoyang.officer, id, (m) => m.status === 'agreed', 'the co-signature reaches Luoyang');
    const concluded = await luoyang.officer.mediation.recordOutcome.mutate({ id, result: 'agreement' });
    expect(concluded).toMatchObject({ status: 'concluded', result: 'agreement', followUpOverdue: false });
    expect(Date.parse(concluded.followUpDueAt!) - Date.parse(concluded.state.concludedAt!)).toBe(
      30 * 86_400_000,
    );

    await reached(xixi.officer, id, (m) => m.status === 'concluded', 'the outcome reaches Xixi');
    await xixi.officer.mediation.recordFollowUp.mutate({ id, result: 'resolved', note: '双方按协议履行' });
    await reached(luoyang.officer, id, (m) => m.status === 'followed_up', 'the follow-up reaches Luoyang');

    await sameOnBoth(pair, id);
    const atLuoyang = await luoyang.officer.mediation.get.query({ id });
    const atXixi = await xixi.officer.mediation.get.query({ id });
    expect(sharedView(atXixi)).toEqual(sharedView(atLuoyang));
    expect(atLuoyang.timeline.map((e) => e.kind)).toEqual([
      'open',
      'add_party',
      'add_mediator',
      'record_session',
      'propose_agreement',
      'sign_agreement',
      'sign_agreement',
      'record_outcome',
      'record_follow_up',
    ]);
    expect(atLuoyang.timeline.every((e) => e.status === 'accepted')).toBe(true);
    expect(atLuoyang.timeline.map((e) => e.signature.status)).toEqual(
      atLuoyang.timeline.map((e) => (e.author === 'zj-taishun' ? 'signed' : 'verified')),
    );
    expect(atLuoyang).toMatchObject({ followUpInTime: true, followUpOverdue: false });

    // The joint statistics: the same facts on both nodes, timed by the signed events.
    await eventually(async () => (await statFacts(pair.fj, id)).length === 3, 'facts on Xixi');
    const facts = await statFacts(pair.zj, id);
    expect(await statFacts(pair.fj, id)).toEqual(facts);
    const base = {
      from_node: 'zj-taishun',
      to_node: 'fj-shouning',
      station: 'zj-luoyang',
      category: 'land_boundary',
      value: 1,
    };
    expect(facts).toEqual([
      { ...base, metric: 'disputes.mediated', at: atLuoyang.state.concludedAt },
      { ...base, metric: 'mediation.agreements', at: atLuoyang.state.agreement!.agreedAt },
      { ...base, metric: 'mediation.followups_done', at: atLuoyang.state.followedUpAt },
    ]);
  });
});
