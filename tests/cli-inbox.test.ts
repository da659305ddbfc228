import { ManualClock } from '@tiemeng/api';
import { actAs, eventually, startTestPair, type TestPair } from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { interceptFourSuspects } from './support/assistance.ts';
import { cliFor, cliLogin, tempConfigDir } from './support/cli.ts';

const MINUTE = 60_000;
type Item = { id: string; priority: string; overdue: boolean };
type Page = { items: Item[]; nextCursor: string | null };

describe('the duty desk inbox cannot hide urgent requests', () => {
  // Real time at the start: the CLI judges its stored session against the machine's clock.
  const clock = new ManualClock(new Date().toISOString());
  let pair: TestPair;
  let luoyang: ReturnType<typeof cliFor>;
  const urgent: string[] = [];
  const overdue: string[] = [];
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'), { clock });
    luoyang = cliFor(await tempConfigDir());
    const xixi = await actAs(pair.fj, 'fj.officer');
    const file = async (priority: 'urgent' | 'normal', n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        ids.push(
          (await xixi.assistance.file({ ...interceptFourSuspects, priority, title: `${priority} ${i}` })).id,
        );
        clock.advance(1000);
      }
      return ids;
    };
    // 11 urgent requests fall overdue, 4 more are urgent in time, then 52 newer normal ones arrive.
    overdue.push(...(await file('urgent', 11)));
    clock.advance(16 * MINUTE);
    urgent.push(...overdue, ...(await file('urgent', 4)));
    await file('normal', 52);
    const zj = await actAs(pair.zj, 'zj.duty');
    await eventually(
      async () => (await zj.assistance.list({ direction: 'inbound', limit: 200 })).items.length === 67,
      'all 67 requests reach Luoyang',
    );
    expect((await cliLogin(luoyang, pair.zj.url, 'zj.duty')).code).toBe(0);
  }, 120_000);
  afterAll(() => pair.destroy());

  it('shows urgent and overdue requests first, on the first page', async () => {
    const page = JSON.parse((await luoyang(['--json', 'inbox'])).stdout) as Page;
    expect(page.items).toHaveLength(50);
    expect(
      page.items
        .slice(0, 11)
        .map((i) => i.id)
        .sort(),
    ).toEqual([...overdue].sort());
    expect(
      page.items
        .slice(0, 15)
        .map((i) => i.id)
        .sort(),
    ).toEqual([...urgent].sort());
    expect(page.items.slice(0, 11).every((i) => i.overdue && i.priority === 'urgent')).toBe(true);
    expect(page.items.slice(15).every((i) => i.priority === 'normal')).toBe(true);
  });

  it('the next page follows the hint it prints, and the pages together hold every request once', async () => {
    const seen: string[] = [];
    let args = ['inbox', '--limit', '20'];
    for (let pages = 0; pages < 10; pages++) {
      const json = JSON.parse((await luoyang(['--json', ...args])).stdout) as Page;
      seen.push(...json.items.map((i) => i.id));
      const text = await luoyang(args);
      expect(text.code).toBe(0);
      const hint = /… more: (--cursor \S+)/.exec(text.stdout)?.[1];
      if (!json.nextCursor) {
        expect(hint).toBeUndefined();
        break;
      }
      expect(hint).toBe(`--cursor ${json.nextCursor}`);
      args = ['inbox', '--limit', '20', ...hint!.split(' ')];
    }
    expect(seen).toHaveLength(67);
    expect(new Set(seen).size).toBe(67);
    expect(seen.slice(0, 15).sort()).toEqual([...urgent].sort());
  });

  it('a page ranks at the first page instant, so a request falling overdue meanwhile is not skipped', async () => {
    const first = JSON.parse((await luoyang(['--json', 'inbox', '--limit', '30'])).stdout) as Page;
    // Every normal request is now past its acknowledgement deadline (2 hours), and the token too.
    clock.advance(3 * 60 * MINUTE);
    expect((await cliLogin(luoyang, pair.zj.url, 'zj.duty')).code).toBe(0);
    const second = JSON.parse(
      (await luoyang(['--json', 'inbox', '--limit', '50', '--cursor', first.nextCursor!])).stdout,
    ) as Page;
    const ids = [...first.items, ...second.items].map((i) => i.id);
    expect(new Set(ids).size).toBe(67);
  });

  it('a forged cursor is refused as bad input', async () => {
    const r = await luoyang(['inbox', '--cursor', 'bm9wZQ']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/INVALID_INPUT: Bad cursor/);
  });
});
