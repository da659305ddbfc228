/** Officers' filings go through the node's append sequencer (group commit): many at once make one gap-free chain. */
import {
  fileRequests,
  filingOfficer,
  type SharedDatabaseNodes,
  startSharedDatabaseNodes,
} from '@tiemeng/api/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectDelivered, expectOneChain } from './support/sync-chain.ts';

const ZJ = 'zj-taishun';

describe('the append sequencer with several API processes of one node', () => {
  let nodes: SharedDatabaseNodes;
  beforeAll(async () => {
    nodes = await startSharedDatabaseNodes(inject('testServerUrl'));
  });
  afterAll(() => nodes?.destroy());

  it('50 concurrent filings make one gap-free chain, each with its audit row, in fewer transactions', async () => {
    const { zjA: zj, zjB, fj } = nodes;
    // Half through each process, at once: two sequencers take turns at the same link head.
    const ids = (
      await Promise.all([
        fileRequests(await filingOfficer(zj), 25, 25),
        fileRequests(await filingOfficer(zjB), 25, 25, 26),
      ])
    ).flat();
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
