/** Officers' filings go through the node's append sequencer (group commit): many at once make one gap-free chain. */
import { fileRequests, filingOfficer, freePort, startTestNode, type TestNode } from '@tiemeng/api/testing';
import { createTestDatabase, type TestDatabase } from '@tiemeng/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectDelivered, expectOneChain } from './support/sync-chain.ts';

const ZJ = 'zj-taishun';

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
