import { type Kysely, sql } from 'kysely';

/**
 * Metrics count open records (requests awaiting acknowledgement, active notices) at every scrape:
 * by type and status, that is a range of this index, however many closed records the years add.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index record_projection_status_idx on record_projection (record_type, status)`.execute(db);
}
