import { sql } from 'kysely';
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
    const plan = await node.services.db.connection().execute(async (conn) => {
      await sql`set plan_cache_mode = force_generic_plan`.execute(conn);
      await sql
        .raw(`prepare audit_insert_plan_check (jsonb, int8, text) as ${INSERT_AFTER.text}`)
        .execute(conn);
      const { rows } = await sql<{
        'QUERY PLAN': string;
      }>`explain execute audit_insert_plan_check('[]', 5, 'x')`.execute(conn);
      await sql`deallocate audit_insert_plan_check`.execute(conn);
      await sql`reset plan_cache_mode`.execute(conn);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Index (Only )?Scan using audit_log_pkey/);
    expect(plan).not.toMatch(/Seq Scan on audit_log/);
  });
});
