import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gate, rowCount, startTestNode, type TestNode } from '../testing/index.ts';
import { SharedReads } from './shared-reads.ts';

describe('shared reads', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
  });
  afterAll(() => node.destroy());

  /** A "list" whose answer is the number of stations at the moment its query runs. */
  const countStations = () => () => rowCount(node.services.db.selectFrom('station'));

  it('a read asked during an identical one is answered by a later query that sees what changed before it was asked', async () => {
    const reads = new SharedReads();
    const { db } = node.services;
    const held = gate();
    const first = reads.read(db, ['stations', {}], async () => {
      const n = await countStations()();
      await held.opened; // still under way while the station is added and the next reads are asked
      return n;
    });
    const before = await countStations()();
    await node.services.admin.stations.create(db, {
      id: 'zj-shared-reads',
      nodeId: 'zj-taishun',
      nameZh: '测试站',
      nameEn: 'Test station',
      province: 'Zhejiang',
    });
    const second = reads.read(db, ['stations', {}], countStations());
    const third = reads.read(db, ['stations', {}], countStations());
    held.open();
    expect(await first).toBe(before);
    expect(await second).toBe(before + 1);
    expect(await third).toBe(before + 1);
    expect(reads.counts).toEqual({ asked: 3, queried: 2 });
  });

  it('reads with different keys, and reads inside a transaction, are never shared', async () => {
    const reads = new SharedReads();
    const { db } = node.services;
    await Promise.all([
      reads.read(db, ['stations', { page: 1 }], countStations()),
      reads.read(db, ['stations', { page: 2 }], countStations()),
    ]);
    expect(reads.counts).toEqual({ asked: 2, queried: 2 });
    await db.transaction().execute(async (trx) => {
      await Promise.all([
        reads.read(trx, ['stations', {}], countStations()),
        reads.read(trx, ['stations', {}], countStations()),
      ]);
    });
    expect(reads.counts).toEqual({ asked: 4, queried: 4 });
  });
});
