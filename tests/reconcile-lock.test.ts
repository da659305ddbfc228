import {
  eventually,
  type SharedDatabaseNodes,
  startSharedDatabaseNodes,
  startTestPair,
  type TestNode,
  type TestPair,
  writeNote,
} from '@tiemeng/api/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { actAs } from './support/officers.ts';

const FJ = 'fj-shouning';

describe('one reconciliation per peer at a time, across API processes', () => {
  let nodes: SharedDatabaseNodes;
  let zjA: TestNode;
  let zjB: TestNode;
  beforeAll(async () => {
    nodes = await startSharedDatabaseNodes(inject('testServerUrl'));
    ({ zjA, zjB } = nodes);
  });
  afterAll(() => nodes.destroy());

  it('two processes starting a run together: while one runs (held inside its lock here), the other gets ALREADY_RUNNING', async () => {
    for (let i = 0; i < 20; i++) {
      await writeNote(zjA.services, { kind: 'create', data: { title: `n${i}`, parties: [FJ] } });
    }
    const [a, b] = [await actAs(zjA, 'zj.admin'), await actAs(zjB, 'zj.command')];
    // Hold process A's run inside its lock: it stops where it first reads the projections.
    const blocker = new pg.Client({ connectionString: zjA.connectionString });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('lock table record_projection in access exclusive mode');
    const first = a.reconcile.run({});
    try {
      await eventually(async () => {
        // This database's reconciliation lock of fj, not any advisory lock of other tests' databases.
        const { rows } = await blocker.query(
          `select 1 from pg_locks
            where locktype = 'advisory' and granted
              and database = (select oid from pg_database where datname = current_database())
              and ((classid::int8 << 32) | objid::int8) = hashtextextended($1, 0)`,
          [`tiemeng.reconcile:${FJ}`],
        );
        return rows.length > 0;
      }, 'process A holding the reconciliation lock');
      await expect(b.reconcile.run({})).rejects.toMatchObject({ appCode: 'ALREADY_RUNNING' });
    } finally {
      await blocker.query('commit');
      await blocker.end();
    }
    expect((await first).outcome).not.toBe('failed');
    const reports = await a.reconcile.reports({});
    expect(reports.items).toHaveLength(1);
    // The refusal is audited; the lock is free again once the run is over.
    const audited = await zjA.services.db
      .selectFrom('audit_log')
      .select('error_code')
      .where('procedure', '=', 'reconcile.run')
      .execute();
    expect(audited.map((r) => r.error_code).sort()).toEqual(['ALREADY_RUNNING', null]);
    expect((await b.reconcile.run({})).outcome).not.toBe('failed');
  });
});

describe('scheduled reconciliation', () => {
  let pair: TestPair;
  beforeAll(async () => {
    // 0.01 minutes: a run every 600 ms, so the test sees the schedule work.
    pair = await startTestPair(inject('testServerUrl'), { extra: { reconcile: { intervalMinutes: 0.01 } } });
  });
  afterAll(() => pair.destroy());

  it('both nodes reconcile on their own and audit it as the schedule', async () => {
    for (const node of [pair.zj, pair.fj]) {
      const admin = await actAs(node, `${node.side}.admin`);
      await eventually(
        async () =>
          (await admin.reconcile.reports({})).items.filter((r) => r.startedBy.type === 'schedule').length >=
          2,
        `${node.side} runs on schedule`,
      );
      const audit = await node.services.db
        .selectFrom('audit_log')
        .select(['actor_type', 'actor_id'])
        .where('procedure', '=', 'reconcile.run')
        .executeTakeFirstOrThrow();
      expect(audit).toEqual({ actor_type: 'system', actor_id: 'schedule' });
    }
  });
});
