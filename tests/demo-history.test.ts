import { demoHistory, SeedClock, seedHistory } from '@tiemeng/api/demo';
import { startTestPair, type TestPair } from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { actAs } from './support/officers.ts';

describe('the seeded 2025 history of Luoyang and Xixi', () => {
  const clock = new SeedClock();
  let pair: TestPair;
  let steps: number;
  beforeAll(async () => {
    // Pushes only: seeding waits for them before its clock jumps, but a safety-net pull in flight
    // at a jump would carry a node token the jump has expired.
    pair = await startTestPair(inject('testServerUrl'), {
      clock,
      delivery: { pullIntervalMs: 3_600_000, idlePollMs: 500, maxBackoffMs: 1_000 },
    });
    steps = await seedHistory({ zj: pair.zj.services, fj: pair.fj.services }, clock, demoHistory);
  }, 120_000);
  afterAll(() => pair.destroy());

  it('reads as the stations published it, identically on both nodes, from the statistics code', async () => {
    expect(steps).toBeGreaterThan(0);
    const year = { from: '2025-01-01', to: '2025-12-31' };
    const atZj = await (await actAs(pair.zj, 'zj.command')).stats.summary(year);
    const atFj = await (await actAs(pair.fj, 'fj.command')).stats.summary(year);
    expect(atFj.groups).toEqual(atZj.groups);
    expect(atZj.groups[0]!.figures).toMatchObject({
      disputesMediated: 29,
      casesSolved: 4,
      missingTraced: 11,
      fugitivesIntercepted: 3,
    });
  });

  it('is seeded once: a second run changes nothing', async () => {
    expect(await seedHistory({ zj: pair.zj.services, fj: pair.fj.services }, clock, demoHistory)).toBe(0);
  });

  it('timed in 2025 by the authors, signed and synced', async () => {
    const events = await pair.fj.services.db.selectFrom('event').select(['id', 'at']).execute();
    expect(events.length).toBeGreaterThan(50);
    const [start, end] = [new Date('2025-01-01T00:00:00+08:00'), new Date('2026-01-01T00:00:00+08:00')];
    expect(events.filter((e) => (e.at as Date) < start || (e.at as Date) >= end)).toEqual([]);
    // Every event fj holds travelled, or will travel, as a signed link entry.
    const entries = await pair.fj.services.db.selectFrom('link_entry').select('event_id').execute();
    expect(new Set(entries.map((e) => e.event_id))).toEqual(new Set(events.map((e) => e.id)));
  });

  it('refuses no call between the nodes while seeding: no node token outlives a jump of the clock', async () => {
    for (const node of [pair.zj, pair.fj]) {
      const refused = await node.services.db
        .selectFrom('audit_log')
        .select(['procedure', 'error_code'])
        .where('outcome', '!=', 'ok')
        .execute();
      expect(refused).toEqual([]);
    }
  });
});
