import { eventually, startTestPair, type TestPair } from '@tiemeng/api/testing';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { interceptFourSuspects } from './support/assistance.ts';
import { actAs } from './support/officers.ts';

describe('what the console reads to check the nodes itself: signed entries, keys, both nodes’ figures', () => {
  let pair: TestPair;
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'));
  });
  afterAll(() => pair.destroy());

  it('every timeline step carries its signed link entry, which verifies against the author’s published key', async () => {
    const xixi = await actAs(pair.fj, 'fj.officer');
    const luoyang = await actAs(pair.zj, 'zj.duty');
    const { id } = await xixi.assistance.file(interceptFourSuspects);
    await eventually(
      async () => (await luoyang.assistance.list({})).items.some((i) => i.id === id),
      'the request at zj',
    );
    await luoyang.assistance.acknowledge({ id, remark: '收到' });
    await eventually(
      async () => (await xixi.assistance.get({ id })).status === 'acknowledged',
      'the ack at fj',
    );

    const { nodes } = await luoyang.keys.jwks();
    expect(nodes.map((n) => n.nodeId)).toEqual(['zj-taishun', 'fj-shouning']);
    const record = await luoyang.assistance.get({ id });
    expect(record.timeline).toHaveLength(2);
    let seqs = 0;
    for (const step of record.timeline) {
      const entry = step.entry!;
      expect(entry).toMatchObject({
        from: step.author,
        to: step.author === 'zj-taishun' ? 'fj-shouning' : 'zj-taishun',
      });
      expect(entry.seq).toBeGreaterThan(0);
      seqs += entry.seq;
      const keys = nodes.find((n) => n.nodeId === step.author)!.keys;
      expect(keys.map((k) => k.kid)).toContain(decodeProtectedHeader(entry.jws).kid);
      const { payload } = await compactVerify(entry.jws, createLocalJWKSet({ keys }));
      expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({
        id: step.eventId,
        seq: entry.seq,
      });
    }
    expect(seqs).toBeGreaterThan(1);
  });

  it('compares our figures with the partner’s, read over the node API, and says when it cannot', async () => {
    const command = await actAs(pair.zj, 'zj.command');
    const year = { from: '2026-01-01', to: '2026-12-31' };
    const both = await command.stats.compare(year);
    expect(both.ours).toMatchObject({
      nodeId: 'zj-taishun',
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const summary = await command.stats.summary(year);
    expect(both.ours.figures).toEqual(summary.groups[0]?.figures);
    expect(both.partners).toEqual([
      {
        nodeId: 'fj-shouning',
        status: 'ok',
        figures: both.ours.figures,
        digest: both.ours.digest,
        agree: true,
      },
    ]);
    const asked = await pair.fj.services.db
      .selectFrom('audit_log')
      .select(['procedure', 'outcome', 'actor_id'])
      .where('procedure', '=', 'stats.figures')
      .execute();
    expect(asked).toEqual([{ procedure: 'stats.figures', outcome: 'ok', actor_id: 'zj-taishun' }]);

    pair.partition();
    try {
      const alone = await command.stats.compare(year);
      expect(alone.partners).toMatchObject([{ nodeId: 'fj-shouning', status: 'unreachable' }]);
      expect(alone.partners[0]!.agree).toBeUndefined();
    } finally {
      pair.heal();
    }
    await expect((await actAs(pair.zj, 'zj.officer')).stats.compare(year)).rejects.toMatchObject({
      appCode: 'FORBIDDEN_ROLE',
    });
  });
});
