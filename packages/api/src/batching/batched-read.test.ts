import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestNode, type TestNode } from '../testing/index.ts';
import { batchedRead } from './batched-read.ts';

describe('batched reads', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
  });
  afterAll(() => node.destroy());

  /** Station names by id, counting the queries it runs and the keys each one asked. */
  function stationNames() {
    const queries: string[][] = [];
    const read = batchedRead(async (db, ids) => {
      queries.push([...ids]);
      const rows = await db.selectFrom('station').select(['id', 'name_en']).where('id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, r.name_en]));
    });
    return { read, queries };
  }

  it('answers reads asked together with one query, each its own row, and undefined where none is', async () => {
    const { read, queries } = stationNames();
    const { db } = node.services;
    const answers = await Promise.all([
      read.load(db, 'zj-luoyang'),
      read.load(db, 'fj-xixi'),
      read.load(db, 'zj-luoyang'),
      read.load(db, 'no-such-station'),
    ]);
    expect(answers[0]).toEqual(expect.any(String));
    expect(answers[1]).toEqual(expect.any(String));
    expect(answers[2]).toBe(answers[0]);
    expect(answers[3]).toBeUndefined();
    expect(queries).toEqual([['zj-luoyang', 'fj-xixi', 'no-such-station']]);
  });

  it('keeps nothing between reads: a later read sees a change made after the earlier one', async () => {
    const { read, queries } = stationNames();
    const { db } = node.services;
    const before = await read.load(db, 'zj-luoyang');
    await db.updateTable('station').set({ name_en: 'Renamed' }).where('id', '=', 'zj-luoyang').execute();
    try {
      expect(await read.load(db, 'zj-luoyang')).toBe('Renamed');
      expect(queries).toHaveLength(2);
    } finally {
      await db.updateTable('station').set({ name_en: before! }).where('id', '=', 'zj-luoyang').execute();
    }
  });

  it('inside a transaction reads alone, seeing its own uncommitted change', async () => {
    const { read, queries } = stationNames();
    const rollBack = new Error('roll back');
    let seen: (string | undefined)[] = [];
    const outcome = await node.services.db
      .transaction()
      .execute(async (trx) => {
        await trx
          .updateTable('station')
          .set({ name_en: 'Uncommitted' })
          .where('id', '=', 'fj-xixi')
          .execute();
        seen = await Promise.all([read.load(trx, 'fj-xixi'), read.load(node.services.db, 'fj-xixi')]);
        throw rollBack;
      })
      .catch((err: unknown) => err);
    expect(outcome).toBe(rollBack);
    expect(seen[0]).toBe('Uncommitted');
    expect(seen[1]).toEqual(expect.any(String));
    expect(seen[1]).not.toBe('Uncommitted');
    expect(queries).toHaveLength(2);
  });

  it('loads many keys with one query, in order, inside a transaction too', async () => {
    const { read, queries } = stationNames();
    const ids = ['fj-xixi', 'no-such-station', 'zj-luoyang'];
    const outside = await read.loadMany(node.services.db, ids);
    const inside = await node.services.db.transaction().execute((trx) => read.loadMany(trx, ids));
    expect(inside).toEqual(outside);
    expect(outside[1]).toBeUndefined();
    expect(outside[0]).toEqual(expect.any(String));
    expect(queries).toEqual([ids, ids]);
  });
});
