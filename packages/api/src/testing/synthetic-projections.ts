import { sql } from 'kysely';
import type { NodeServices } from '../node/node-services.ts';

/**
 * `count` identical shared projection rows on a node, straight in SQL (no events behind them: the set
 * to compare, not records to fold). Ids are md5(`${prefix}-${i}`) and state hashes derive from the row
 * number, so every node given the same arguments gets the same rows. Analyses the table afterwards.
 */
export async function insertSyntheticProjections(
  services: NodeServices,
  rows: { count: number; prefix: string; recordType: string; owner: string; parties: string[] },
): Promise<void> {
  await sql`
    insert into record_projection
      (record_id, record_type, owner, parties, status, state, timeline, state_hash, created_at, updated_at)
    select md5(${`${rows.prefix}-`}::text || i)::uuid, ${rows.recordType}, ${rows.owner}, ${rows.parties}::text[], 'open', '{}', '[]',
           encode(sha256(('state-' || i)::bytea), 'hex'), now(), now()
      from generate_series(1, ${rows.count}) as i`.execute(services.db);
  // Planner statistics, as autovacuum would have them for a table this size.
  await sql`analyze record_projection`.execute(services.db);
}
