import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appendEvent } from '../../events/index.ts';
import { actAs, rowCount, startTestNode, type TestNode } from '../../testing/index.ts';
import { MEDIATION } from './mediation-type.ts';

describe('the mediation fold vets what a node itself appends', () => {
  let node: TestNode;
  let id: string;
  beforeAll(async () => {
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
    const opened = await (await actAs(node, 'zj.officer')).mediation.open({
      openingStation: 'zj-luoyang',
      partnerStation: 'fj-xixi',
      disputeType: 'neighbourhood',
      summary: 'Noise between neighbours',
      mechanism: { kind: 'on_the_spot' },
    });
    id = opened.id;
  });
  afterAll(() => node.destroy());

  const events = () => rowCount(node.services.db.selectFrom('event').where('record_id', '=', id));

  it('a proposal whose hash does not match its terms → ILLEGAL_TRANSITION, nothing written', async () => {
    const { services } = node;
    const before = await events();
    const forged = services.db.transaction().execute((trx) =>
      appendEvent(trx, services.sync.deps, {
        recordType: MEDIATION,
        recordId: id,
        kind: 'propose_agreement',
        data: { terms: 'Terms A', termsHash: 'b'.repeat(64) },
        actor: { officer: 'zj.officer', station: 'zj-luoyang', roles: ['officer'] },
      }),
    );
    await expect(forged).rejects.toMatchObject({
      appCode: 'ILLEGAL_TRANSITION',
      message: 'the terms hash does not match the terms',
    });
    expect(await events()).toBe(before);
  });
});
