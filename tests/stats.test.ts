import { ManualClock } from '@tiemeng/api';
import { eventually, startTestPair, type TestPair } from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { interceptFourSuspects } from './support/assistance.ts';
import { actAs } from './support/officers.ts';
import { projectionOf } from './support/records.ts';

const MINUTE = 60_000;

describe('joint statistics are the same on both nodes', () => {
  const clock = new ManualClock('2025-03-03T08:00:00+08:00');
  let pair: TestPair;
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'), { clock });
    const xixi = await actAs(pair.fj, 'fj.officer');
    const luoyangDuty = await actAs(pair.zj, 'zj.duty');
    const luoyang = await actAs(pair.zj, 'zj.officer');
    const waitFor = async (id: string, status: string, node = pair.zj) =>
      eventually(async () => (await projectionOf(node, id))?.status === status, `${id} ${status}`);

    // 1: urgent pursuit, acknowledged after 10 min (in time), 4 suspects intercepted, case solved.
    const a = await xixi.assistance.file(interceptFourSuspects);
    await waitFor(a.id, 'filed');
    clock.advance(10 * MINUTE);
    await luoyangDuty.assistance.acknowledge({ id: a.id });
    await luoyang.assistance.start({ id: a.id });
    clock.advance(60 * MINUTE);
    await luoyang.assistance.complete({
      id: a.id,
      outcome: 'intercepted',
      text: 'done',
      suspectsIntercepted: 4,
      caseSolved: true,
    });

    // 2: urgent missing-person search, acknowledged after 30 min (late), 1 person located.
    const b = await xixi.assistance.file({
      ...interceptFourSuspects,
      category: 'missing_person_search',
      title: '寻找走失老人',
    });
    await waitFor(b.id, 'filed');
    clock.advance(30 * MINUTE);
    await luoyangDuty.assistance.acknowledge({ id: b.id });
    await luoyang.assistance.start({ id: b.id });
    await luoyang.assistance.complete({
      id: b.id,
      outcome: 'located',
      text: 'found at the bus station',
      personsLocated: 1,
    });

    // 3: a request the other way, filed in April, declined.
    clock.set('2025-04-10T10:00:00+08:00');
    const c = await luoyang.assistance.file({
      ...interceptFourSuspects,
      requestingStation: 'zj-luoyang',
      addressedStation: 'fj-xixi',
      category: 'vehicle_check',
      priority: 'normal',
    });
    await waitFor(c.id, 'filed', pair.fj);
    await (await actAs(pair.fj, 'fj.duty')).assistance.decline({
      id: c.id,
      reason: 'plate not registered here',
    });
    await waitFor(c.id, 'declined');
    await waitFor(b.id, 'completed', pair.fj);
    await waitFor(a.id, 'completed', pair.fj);
  });
  afterAll(() => pair.destroy());

  it('answers identical figures on both nodes, from author event times', async () => {
    const atZj = await (await actAs(pair.zj, 'zj.command')).stats.summary({
      from: '2025-01-01',
      to: '2025-12-31',
    });
    const atFj = await (await actAs(pair.fj, 'fj.command')).stats.summary({
      from: '2025-01-01',
      to: '2025-12-31',
    });
    expect(atFj.groups).toEqual(atZj.groups);
    const [all] = atZj.groups;
    expect(all!.figures).toMatchObject({
      requests: {
        filed: 3,
        byDirection: [
          { from: 'fj-shouning', to: 'zj-taishun', count: 2 },
          { from: 'zj-taishun', to: 'fj-shouning', count: 1 },
        ],
        byCategory: { suspect_pursuit: 1, missing_person_search: 1, vehicle_check: 1 },
        byPriority: { urgent: 2, normal: 1 },
        acknowledged: 2,
        ackInTime: 1,
        ackInTimePct: 50,
        ackMinutes: { median: 20, p90: 28 },
        completed: 2,
        declined: 1,
        withdrawn: 0,
      },
      casesSolved: 1,
      missingTraced: 1,
      fugitivesIntercepted: 4,
    });
  });

  it('groups by month and by station, and limits to the period', async () => {
    const command = await actAs(pair.fj, 'fj.command');
    const byMonth = await command.stats.summary({ from: '2025-01-01', to: '2025-12-31', groupBy: 'month' });
    expect(byMonth.groups.map((g) => [g.key, g.figures.requests.filed])).toEqual([
      ['2025-03', 2],
      ['2025-04', 1],
    ]);
    const byStation = await command.stats.summary({
      from: '2025-01-01',
      to: '2025-12-31',
      groupBy: 'station',
    });
    expect(byStation.groups.map((g) => [g.key, g.figures.requests.filed])).toEqual([
      ['fj-xixi', 2],
      ['zj-luoyang', 1],
    ]);
    const april = await command.stats.summary({ from: '2025-04-01', to: '2025-04-30' });
    expect(april.groups[0]!.figures.requests).toMatchObject({ filed: 1, declined: 1, completed: 0 });
  });

  it('exports CSV with a byte order mark and both languages', async () => {
    const { csv, filename } = await (await actAs(pair.zj, 'zj.command')).stats.export({
      from: '2025-01-01',
      to: '2025-12-31',
    });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('all,破获案件,Cases solved,1');
    expect(filename).toBe('tiemeng-stats-2025-01-01-2025-12-31.csv');
  });

  it('is for command staff: an officer is refused, a reversed period is invalid input', async () => {
    await expect(
      (await actAs(pair.zj, 'zj.officer')).stats.summary({ from: '2025-01-01', to: '2025-12-31' }),
    ).rejects.toMatchObject({
      appCode: 'FORBIDDEN_ROLE',
    });
    await expect(
      (await actAs(pair.zj, 'zj.command')).stats.summary({ from: '2025-12-31', to: '2025-01-01' }),
    ).rejects.toMatchObject({
      appCode: 'INVALID_INPUT',
    });
  });
});
