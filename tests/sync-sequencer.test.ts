/** Officers' filings go through the node's append sequencer (group commit): many at once make one gap-free chain. */
import {
  eventually,
  fileRequests,
  filingOfficer,
  freePort,
  LINK_GENESIS,
  linkEntries,
  linkHead,
  projections,
  startTestNode,
  type TestNode,
} from '@tiemeng/api/testing';
import { createTestDatabase, type TestDatabase } from '@tiemeng/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const ZJ = 'zj-taishun';
const FJ = 'fj-shouning';

/** zj's link to fj is one hash chain from seq 1, every entry's event stored once, and every zj event on it once. */
async function expectOneChain(zj: TestNode) {
  const entries = await linkEntries(zj.services, ZJ, {
    to: FJ,
    columns: ['seq', 'hash', 'prev', 'event_id'],
  });
  expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
  expect(entries.map((e) => e.prev)).toEqual([LINK_GENESIS, ...entries.slice(0, -1).map((e) => e.hash)]);
  const events = await zj.services.db.selectFrom('event').select('id').where('author', '=', ZJ).execute();
  expect(entries.map((e) => e.event_id).sort()).toEqual(events.map((e) => e.id).sort());
  expect((await zj.services.audit.verify()).ok).toBe(true);
  return entries;
}

/** fj holds zj's link as zj does, and the same projections, with no incident. */
async function expectDelivered(zj: TestNode, fj: TestNode) {
  const head = (await linkHead(zj.services, ZJ, FJ)).seq;
  await eventually(async () => (await linkHead(fj.services, ZJ, FJ)).seq === head, 'fj caught up', 30_000);
  expect(await linkEntries(fj.services, ZJ)).toEqual(await linkEntries(zj.services, ZJ));
  await eventually(
    async () =>
      JSON.stringify(await projections(fj.services)) === JSON.stringify(await projections(zj.services)),
    'same projections',
  );
  expect(await fj.services.db.selectFrom('sync_incident').selectAll().execute()).toEqual([]);
}

describe('the append sequencer with several API processes of one node', () => {
  const serverUrl = inject('testServerUrl');
  let zjDb: TestDatabase;
  let zj: TestNode;
  let fj: TestNode;
  beforeAll(async () => {
    zjDb = await createTestDatabase(serverUrl, 'sequencer_zj');
    const ports = { zj: await freePort(), fj: await freePort() };
    const urls = { zj: `http://127.0.0.1:${ports.zj}`, fj: `http://127.0.0.1:${ports.fj}` };
    fj = await startTestNode({ serverUrl, side: 'fj', urls, port: ports.fj });
    zj = await startTestNode({
      serverUrl,
      side: 'zj',
      urls,
      port: ports.zj,
      connectionString: zjDb.connectionString,
    });
  });
  afterAll(async () => {
    await zj?.stop();
    await fj?.destroy();
    await zjDb?.drop();
  });

  it('50 concurrent filings make one gap-free chain, each with its audit row, in fewer transactions', async () => {
    const ids = await fileRequests(await filingOfficer(zj), 50, 50);
    expect(new Set(ids).size).toBe(50);
    const entries = await expectOneChain(zj);
    expect(entries).toHaveLength(50);
    const rows = await zj.services.db
      .selectFrom('audit_log')
      .select(['record_ids', 'outcome'])
      .where('procedure', '=', 'assistance.file')
      .execute();
    expect(rows.map((r) => r.record_ids[0]).sort()).toEqual([...ids].sort());
    expect(rows.every((r) => r.outcome === 'ok' && r.record_ids.length === 1)).toBe(true);
    // Entries written by one transaction share its xmin: some groups held more than one filing.
    const { rows: xids } = await sql<{ n: number }>`
      select count(distinct xmin::text)::int as n from link_entry where from_node = ${ZJ}`.execute(
      zj.services.db,
    );
    expect(xids[0]!.n).toBeLessThan(50);
    await expectDelivered(zj, fj);
  });
});
