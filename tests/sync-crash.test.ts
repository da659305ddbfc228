import {
  eventually,
  freePort,
  kill9,
  linkEntries,
  linkHead,
  projections,
  spawnTestNode,
  startTestNode,
  type TestNode,
  type TestNodeOptions,
  writeNote,
} from '@tiemeng/api/testing';
import { createTestDatabase, type TestDatabase } from '@tiemeng/db/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const ZJ = 'zj-taishun';
const FJ = 'fj-shouning';
async function expectSameHistory(zj: TestNode, fj: TestNode) {
  const sent = await linkEntries(zj.services, ZJ);
  expect(await linkEntries(fj.services, ZJ)).toEqual(sent);
  expect(sent.map((e) => e.seq)).toEqual(sent.map((_, i) => i + 1));
  expect(await projections(fj.services)).toEqual(await projections(zj.services));
  const incidents = await fj.services.db.selectFrom('sync_incident').selectAll().execute();
  expect(incidents).toEqual([]);
}

describe('SIGKILL in the middle of pushing', () => {
  const serverUrl = inject('testServerUrl');
  let dbs: { zj: TestDatabase; fj: TestDatabase };
  let ports: { zj: number; fj: number };
  let urls: { zj: string; fj: string };
  beforeAll(async () => {
    dbs = {
      zj: await createTestDatabase(serverUrl, 'crash_zj'),
      fj: await createTestDatabase(serverUrl, 'crash_fj'),
    };
    ports = { zj: await freePort(), fj: await freePort() };
    urls = { zj: `http://127.0.0.1:${ports.zj}`, fj: `http://127.0.0.1:${ports.fj}` };
  });
  afterAll(async () => {
    await dbs.zj.drop();
    await dbs.fj.drop();
  });
  /** A node on its side's crash database, URL and port. */
  const nodeOn = (side: TestNodeOptions['side'], extra: Partial<TestNodeOptions> = {}) =>
    startTestNode({
      serverUrl,
      side,
      connectionString: dbs[side].connectionString,
      urls,
      port: ports[side],
      ...extra,
    });

  it('a sender killed repeatedly while writing and pushing loses and duplicates nothing', async () => {
    const fj = await nodeOn('fj');
    const zjArgs = { side: 'zj' as const, connectionString: dbs.zj.connectionString, urls, port: ports.zj };
    try {
      for (let round = 1; round <= 3; round++) {
        const child = await spawnTestNode({ ...zjArgs, writeNotes: 200 }, 'wrote 60');
        await kill9(child);
      }
      const last = await spawnTestNode(zjArgs);
      const zj = await nodeOn('zj', { port: await freePort(), delivery: false });
      try {
        const written = (await linkHead(zj.services, ZJ, FJ)).seq;
        expect(written).toBeGreaterThanOrEqual(180);
        await eventually(
          async () => (await linkHead(fj.services, ZJ, FJ)).seq === written,
          'receiver caught up',
          30_000,
        );
        await expectSameHistory(zj, fj);
      } finally {
        await zj.stop();
        await kill9(last);
      }
    } finally {
      await fj.stop();
    }
  });

  it('a receiver killed repeatedly while being pushed to loses and duplicates nothing', async () => {
    const zj = await nodeOn('zj');
    const fjArgs = { side: 'fj' as const, connectionString: dbs.fj.connectionString, urls, port: ports.fj };
    try {
      const before = (await linkHead(zj.services, ZJ, FJ)).seq;
      for (let round = 1; round <= 3; round++) {
        const child = await spawnTestNode(fjArgs);
        const writing = (async () => {
          for (let i = 0; i < 60; i++) {
            await writeNote(zj.services, {
              kind: 'create',
              data: { title: `r${round}.${i}`, parties: [FJ] },
            });
          }
        })();
        await new Promise((r) => setTimeout(r, 150 + round * 50));
        await kill9(child);
        await writing;
      }
      const fj = await nodeOn('fj');
      try {
        expect((await linkHead(zj.services, ZJ, FJ)).seq).toBe(before + 180);
        await eventually(
          async () => (await linkHead(fj.services, ZJ, FJ)).seq === before + 180,
          'receiver caught up',
          30_000,
        );
        await expectSameHistory(zj, fj);
      } finally {
        await fj.stop();
      }
    } finally {
      await zj.stop();
    }
  });
});
