import { eventually, startTestPair, type TestPair } from '@tiemeng/api/testing';
import { appCodeOf, createTiemengClient, followFeed, type TiemengClient } from '@tiemeng/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { interceptFourSuspects } from './support/assistance.ts';
import { signIn } from './support/officers.ts';
import { sharedView } from './support/records.ts';

describe('the 2 a.m. assistance request, Xixi → Luoyang, over HTTP between two nodes', () => {
  let pair: TestPair;
  let xixi: { officer: TiemengClient };
  let luoyang: { duty: TiemengClient; officer: TiemengClient };
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'));
    xixi = { officer: await signIn(pair.fj, 'fj.officer') };
    luoyang = { duty: await signIn(pair.zj, 'zj.duty'), officer: await signIn(pair.zj, 'zj.officer') };
  });
  afterAll(() => pair.destroy());

  it('is filed, seen on the partner duty desk feed, worked through to closure, identical on both nodes', async () => {
    const feed: { recordId: string; status: string; direction: string }[] = [];
    let started = false;
    const subscription = luoyang.duty.feed.live.subscribe(
      {},
      {
        onStarted: () => {
          started = true;
        },
        onData: (message) => feed.push(...message.data.changes),
      },
    );
    try {
      await eventually(async () => started, 'the duty desk is connected to its feed');

      const filed = await xixi.officer.assistance.file.mutate(interceptFourSuspects);
      expect(filed).toMatchObject({ status: 'filed', direction: 'outbound', priority: 'urgent' });
      expect(filed.timeline).toHaveLength(1);
      expect(filed.timeline[0]!.signature.status).toBe('signed');

      await eventually(
        async () => feed.some((i) => i.recordId === filed.id && i.direction === 'inbound'),
        'the request appears on the Luoyang duty desk feed',
      );
      const inbound = await luoyang.duty.assistance.list.query({ direction: 'inbound', status: ['filed'] });
      expect(inbound.items.map((i) => i.id)).toContain(filed.id);

      const id = filed.id;
      await luoyang.duty.assistance.acknowledge.mutate({ id, remark: '值班室已收到，立即布控' });
      await luoyang.officer.assistance.start.mutate({ id });
      await luoyang.officer.assistance.requestInfo.mutate({ id, text: 'Which direction did the car take?' });
      await eventually(
        async () => (await xixi.officer.assistance.get.query({ id })).status === 'info_requested',
        'the question reaches Xixi',
      );
      await xixi.officer.assistance.provideInfo.mutate({ id, text: 'Provincial road S205 towards Luoyang' });
      await eventually(
        async () => (await luoyang.officer.assistance.get.query({ id })).status === 'info_provided',
        'the answer reaches Luoyang',
      );
      await luoyang.officer.assistance.complete.mutate({
        id,
        outcome: 'intercepted',
        text: '4 suspects intercepted at the S205 checkpoint; stolen goods recovered.',
        suspectsIntercepted: 4,
        caseSolved: true,
      });
      await eventually(
        async () => (await xixi.officer.assistance.get.query({ id })).status === 'completed',
        'completion reaches Xixi',
      );
      await xixi.officer.assistance.close.mutate({ id, rating: 5, remark: '感谢罗阳派出所' });
      await eventually(
        async () => (await luoyang.duty.assistance.get.query({ id })).status === 'closed',
        'closure reaches Luoyang',
      );

      const atXixi = await xixi.officer.assistance.get.query({ id });
      const atLuoyang = await luoyang.duty.assistance.get.query({ id });
      expect(sharedView(atLuoyang)).toEqual(sharedView(atXixi));
      expect(atXixi.timeline.map((e) => e.kind)).toEqual([
        'file',
        'acknowledge',
        'start',
        'request_info',
        'provide_info',
        'complete',
        'close',
      ]);
      expect(atXixi.timeline.every((e) => e.status === 'accepted')).toBe(true);
      // Each side has the other's events verified against its signing key, and its own as signed.
      expect(atXixi.timeline.map((e) => e.signature.status)).toEqual(
        atXixi.timeline.map((e) => (e.author === 'fj-shouning' ? 'signed' : 'verified')),
      );
      expect(atLuoyang.timeline.map((e) => e.signature.status)).toEqual(
        atLuoyang.timeline.map((e) => (e.author === 'zj-taishun' ? 'signed' : 'verified')),
      );
      expect(atXixi.state.completion).toMatchObject({ suspectsIntercepted: 4, caseSolved: true });
      expect(atXixi.ackInTime).toBe(true);
      expect(atXixi.overdue).toBe(false);
      await eventually(async () => feed.some((i) => i.status === 'closed'), 'closure on the feed');
    } finally {
      subscription.unsubscribe();
    }
  });

  it('the feed resumes after a disconnect with the request that arrived meanwhile', async () => {
    type Item = { eventId: string; recordId: string };
    const follow = (lastEventId: string | undefined, seen: Item[]) =>
      luoyang.duty.feed.live.subscribe(
        { lastEventId },
        { onData: (message) => seen.push(...message.data.changes) },
      );

    const first: Item[] = [];
    const before = follow(undefined, first);
    const a = await xixi.officer.assistance.file.mutate({
      ...interceptFourSuspects,
      title: 'first, while connected',
    });
    await eventually(async () => first.some((i) => i.recordId === a.id), 'first request on the feed');
    before.unsubscribe();
    const lastSeen = first.at(-1)!.eventId;

    const b = await xixi.officer.assistance.file.mutate({
      ...interceptFourSuspects,
      title: 'second, while away',
    });
    await eventually(
      async () =>
        (await luoyang.duty.assistance.list.query({ text: 'second, while away' })).items.length === 1,
      'second request reached Luoyang',
    );

    const resumed: Item[] = [];
    const after = follow(lastSeen, resumed);
    try {
      await eventually(async () => resumed.some((i) => i.recordId === b.id), 'missed request delivered');
      expect(resumed.map((i) => i.recordId)).not.toContain(a.id);
    } finally {
      after.unsubscribe();
    }
  });

  it('a night-shift officer disabled while following the feed is sent nothing more: the feed ends with ACCOUNT_DISABLED', async () => {
    const admin = await signIn(pair.zj, 'zj.admin');
    const password = 'night-shift-2am';
    await admin.admin.officers.create.mutate({
      username: 'zj.night',
      displayName: '夜班值守',
      stationId: 'zj-luoyang',
      roles: ['duty'],
      password,
    });
    const { token } = await createTiemengClient({ url: pair.zj.url }).auth.login.mutate({
      username: 'zj.night',
      password,
    });
    const night = createTiemengClient({ url: pair.zj.url, token });
    const seen: string[] = [];
    const followed = (async () => {
      for await (const { data } of followFeed(night, { signal: AbortSignal.timeout(30_000) })) {
        seen.push(data.recordId);
      }
      return 'stopped without an error';
    })();
    followed.catch(() => {}); // awaited below

    // Whatever arrives first proves the feed is live (the night officer may see other requests too).
    const before = await xixi.officer.assistance.file.mutate(interceptFourSuspects);
    await eventually(async () => seen.includes(before.id), 'the request reaches the night desk');
    await admin.admin.officers.disable.mutate({ username: 'zj.night' });
    const after = await xixi.officer.assistance.file.mutate(interceptFourSuspects);

    await expect(followed).rejects.toSatisfy((err) => appCodeOf(err) === 'ACCOUNT_DISABLED');
    expect(seen).not.toContain(after.id);
  });

  it('an auditor may not follow the feed: followFeed ends with FORBIDDEN_ROLE instead of waiting', async () => {
    const auditor = await signIn(pair.zj, 'zj.auditor');
    const stop = AbortSignal.timeout(10_000);
    const followed = (async () => {
      for await (const _ of followFeed(auditor, { signal: stop })) return 'an item';
      return 'stopped without an error';
    })();
    await expect(followed).rejects.toSatisfy((err) => appCodeOf(err) === 'FORBIDDEN_ROLE');
  });
});
