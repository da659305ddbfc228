import { eventually, startTestPair, type TestPair } from '@tiemeng/api/testing';
import type { TiemengClient } from '@tiemeng/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { burglaryFugitive, missingGrandfather } from './support/notice.ts';
import { signIn } from './support/officers.ts';
import { lastAudit, sameOnBoth, statFacts } from './support/records.ts';

type FeedChange = { recordId: string; recordType: string; direction: string; headline: unknown };

describe('notices between Luoyang and Xixi, over HTTP between two nodes', () => {
  let pair: TestPair;
  let luoyang: { duty: TiemengClient; officer: TiemengClient };
  let xixi: { duty: TiemengClient; officer: TiemengClient };
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'));
    luoyang = { duty: await signIn(pair.zj, 'zj.duty'), officer: await signIn(pair.zj, 'zj.officer') };
    xixi = { duty: await signIn(pair.fj, 'fj.duty'), officer: await signIn(pair.fj, 'fj.officer') };
  });
  afterAll(() => pair.destroy());

  it('a fugitive notice: issued, seen on the partner feed, sighted, intercepted, confirmed, resolved arrested', async () => {
    const feed: FeedChange[] = [];
    let started = false;
    const subscription = xixi.duty.feed.live.subscribe(
      {},
      { onStarted: () => (started = true), onData: (message) => feed.push(...message.data.changes) },
    );
    try {
      await eventually(async () => started, 'the Xixi duty desk is connected to its feed');
      const issued = await luoyang.officer.notice.issue.mutate(burglaryFugitive);
      expect(issued).toMatchObject({
        kind: 'fugitive',
        status: 'active',
        direction: 'outbound',
        lapsed: false,
      });
      const { id } = issued;

      await eventually(
        async () => feed.some((i) => i.recordId === id && i.direction === 'inbound'),
        'the notice appears on the Xixi duty desk feed',
      );
      const onFeed = feed.find((i) => i.recordId === id)!;
      expect(onFeed.headline).toEqual({
        kind: 'fugitive',
        status: 'active',
        lastSeenPlace: burglaryFugitive.lastSeen.place,
        issuingStation: 'zj-luoyang',
        reviewDueAt: issued.reviewDueAt,
      });

      const sighted = await xixi.officer.notice.reportSighting.mutate({
        id,
        time: '2025-06-15T07:30:00+08:00',
        place: '犀溪镇农贸市场',
        detail: '摊主称见到相似男子买早餐',
      });
      const sightingId = sighted.timeline.at(-1)!.eventId;
      const intercepted = await xixi.duty.notice.reportLocated.mutate({
        id,
        kind: 'intercepted',
        time: '2025-06-15T09:05:00+08:00',
        place: '犀溪公安检查站',
        detail: '核验身份后当场控制，等待泰顺警方移交',
      });
      const interceptionId = intercepted.timeline.at(-1)!.eventId;
      await eventually(
        async () => (await luoyang.duty.notice.get.query({ id })).openReports === 2,
        'both reports reach Luoyang',
      );

      await luoyang.duty.notice.confirm.mutate({
        id,
        reportEventId: sightingId,
        accepted: false,
        remark: '时间不符',
      });
      await luoyang.duty.notice.confirm.mutate({ id, reportEventId: interceptionId, accepted: true });
      const resolved = await luoyang.duty.notice.resolve.mutate({
        id,
        outcome: 'arrested',
        remark: '已移交',
      });
      expect(resolved).toMatchObject({ status: 'resolved', outcome: 'arrested', openReports: 0 });
      expect(resolved.state.lastSeen.place).toBe('犀溪公安检查站');

      const final = await sameOnBoth(pair, id);
      expect(final!.status).toBe('resolved');
      expect(final!.timeline.map((e) => [e.kind, e.status])).toEqual([
        ['issue', 'accepted'],
        ['sighting', 'accepted'],
        ['report', 'accepted'],
        ['confirm', 'accepted'],
        ['confirm', 'accepted'],
        ['resolve', 'accepted'],
      ]);
      const atXixi = await xixi.duty.notice.get.query({ id });
      expect(atXixi).toMatchObject({
        status: 'resolved',
        direction: 'inbound',
        stateHash: resolved.stateHash,
      });

      const facts = await statFacts(pair.zj, id);
      expect(await statFacts(pair.fj, id)).toEqual(facts);
      expect(facts.map((f) => [f.metric, f.from_node, f.to_node, f.station, f.category, f.value])).toEqual([
        ['fugitives.intercepted', 'zj-taishun', 'fj-shouning', 'zj-luoyang', 'fugitive', 1],
        ['notice.issued', 'zj-taishun', 'fj-shouning', 'zj-luoyang', 'fugitive', 1],
      ]);
      await eventually(
        async () =>
          feed.some((i) => i.recordId === id && (i.headline as { status: string }).status === 'resolved'),
        'the resolution on the Xixi feed',
      );
    } finally {
      subscription.unsubscribe();
    }
  });

  it('a missing-person notice: located by the partner, resolved found safe, traced on both nodes', async () => {
    const { id } = await xixi.officer.notice.issue.mutate(missingGrandfather);
    await eventually(
      async () =>
        (
          await luoyang.officer.notice.list.query({ direction: 'inbound', kind: 'missing_person' })
        ).items.some((i) => i.id === id),
      'the notice reaches Luoyang',
    );
    // A list shows subjects' names: its audit row names every notice on the page.
    const page = await luoyang.officer.notice.list.query({ direction: 'inbound', kind: 'missing_person' });
    expect(await lastAudit(pair.zj, ['procedure', 'record_ids'])).toEqual({
      procedure: 'notice.list',
      record_ids: page.items.map((i) => i.id),
    });
    const located = await luoyang.officer.notice.reportLocated.mutate({
      id,
      kind: 'located',
      time: '2025-06-14T21:40:00+08:00',
      place: '泰顺县罗阳镇南门',
      detail: '巡逻发现，已送至派出所休息',
    });
    const reportEventId = located.timeline.at(-1)!.eventId;
    await eventually(
      async () => (await xixi.officer.notice.get.query({ id })).openReports === 1,
      'the report reaches Xixi',
    );
    await xixi.officer.notice.confirm.mutate({ id, reportEventId, accepted: true });
    await xixi.officer.notice.resolve.mutate({ id, outcome: 'found_safe' });
    expect((await sameOnBoth(pair, id))!.status).toBe('resolved');
    const facts = await statFacts(pair.fj, id);
    expect(await statFacts(pair.zj, id)).toEqual(facts);
    expect(facts.map((f) => [f.metric, f.from_node, f.to_node, f.category])).toEqual([
      ['missing.traced', 'fj-shouning', 'zj-taishun', 'missing_person'],
      ['notice.issued', 'fj-shouning', 'zj-taishun', 'missing_person'],
    ]);
  });
});
