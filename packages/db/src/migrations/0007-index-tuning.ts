import type { Kysely } from 'kysely';

/**
 * `record_projection_type_idx` (record_type, created_at) is covered by the list index of 0003 and
 * only cost every refold a second index write. A node reads max(event.hlc) at start-up to seed its
 * clock: an index makes that one lookup instead of a scan of every event.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('record_projection_type_idx').execute();
  await db.schema.createIndex('event_hlc_idx').on('event').column('hlc').execute();
}
