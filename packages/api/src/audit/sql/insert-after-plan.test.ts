import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestNode, type TestNode } from '../../testing/index.ts';
import { INSERT_AFTER } from './append-audit-row.ts';

/**
 * The audit chain only grows. The group commit's insert is prepared, and PostgreSQL may settle on
 * a generic plan that knows none of its parameters: that plan must still find the head and the row
 * after it through an index, or every read would scan the whole trail.
 */
describe('the audit insert prepared for group commits', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
  });
  afterAll(() => node.destroy());

  it('looks the chain head up by index in its generic plan, not by scanning the table', async () => {
    // A connection of its own, so the forced generic plan cannot outlive the test on the node's pool.
    const client = new pg.Client({ connectionString: node.connectionString });
    await client.connect();
    let plan: string;
    try {
      await client.query('set plan_cache_mode = force_generic_plan');
      await client.query(`prepare audit_insert_plan_check (jsonb, int8, text) as ${INSERT_AFTER.text}`);
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `explain execute audit_insert_plan_check('[]', 5, 'x')`,
      );
      plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await client.end();
    }
    expect(plan).toMatch(/Index (Only )?Scan using audit_log_pkey/);
    expect(plan).not.toMatch(/Seq Scan on audit_log/);
  });
});
