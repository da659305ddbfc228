import { type Kysely, sql } from 'kysely';

/**
 * Metrics count open records (requests awaiting acknowledgement, active notices) at every scrape:
 * by type and status, that is a range of this index, however many closed records the years add.
 * An entry of our link keeps the trace of the call that made it (W3C trace context), so its
 * delivery to the partner continues that trace.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index record_projection_status_idx on record_projection (record_type, status)`.execute(db);
  await sql`alter table link_entry add column trace_id text`.execute(db);
}
