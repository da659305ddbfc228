import { describe, expect, it } from 'vitest';
import { gate } from '../testing/index.ts';
import { GroupRunner } from './group-runner.ts';

describe('group runner', () => {
  it('runs the first caller at once and everyone who arrives during that run together in the next', async () => {
    const held = gate();
    const runs: number[][] = [];
    const runner = new GroupRunner(async (items: number[]) => {
      runs.push(items);
      if (runs.length === 1) await held.opened;
      return items.map((n) => n * 10);
    });
    const first = runner.add(1);
    const later = [runner.add(2), runner.add(3), runner.add(4)];
    expect(runs).toEqual([[1]]);
    held.open();
    expect(await Promise.all([first, ...later])).toEqual([10, 20, 30, 40]);
    expect(runs).toEqual([[1], [2, 3, 4]]);
  });

  it('splits a queue longer than maxGroup, and fails only the group whose run throws', async () => {
    const held = gate();
    const runs: string[][] = [];
    const runner = new GroupRunner(
      async (items: string[]) => {
        runs.push(items);
        if (runs.length === 1) await held.opened;
        if (items.includes('bad')) throw new Error('refused');
        return items;
      },
      { maxGroup: 2 },
    );
    const first = runner.add('a');
    const second = [runner.add('b'), runner.add('bad')];
    const third = runner.add('c');
    held.open();
    await expect(first).resolves.toBe('a');
    await expect(Promise.all(second)).rejects.toThrow('refused');
    await expect(third).resolves.toBe('c');
    expect(runs).toEqual([['a'], ['b', 'bad'], ['c']]);
  });

  it('says when it has served everyone', async () => {
    let idle = 0;
    const runner = new GroupRunner(async (items: number[]) => items, {
      onIdle: () => {
        idle++;
      },
    });
    await Promise.all([runner.add(1), runner.add(2)]);
    expect(idle).toBe(1);
  });

  it('with concurrency 2 runs two groups at once; whoever arrives meanwhile is the next group', async () => {
    const held = [gate(), gate()];
    const runs: number[][] = [];
    const runner = new GroupRunner(
      async (items: number[]) => {
        const n = runs.push(items);
        if (n <= 2) await held[n - 1]!.opened;
        return items;
      },
      { concurrency: 2 },
    );
    const first = runner.add(1);
    const second = runner.add(2);
    const later = [runner.add(3), runner.add(4)];
    expect(runs).toEqual([[1], [2]]);
    held[1]!.open();
    await expect(second).resolves.toBe(2);
    expect(await Promise.all(later)).toEqual([3, 4]);
    expect(runs).toEqual([[1], [2], [3, 4]]);
    held[0]!.open();
    await expect(first).resolves.toBe(1);
  });
});
