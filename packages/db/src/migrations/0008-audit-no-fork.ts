import { type Kysely, sql } from 'kysely';

/**
 * No two audit rows may chain to the same predecessor. Appenders chain to the head they last saw and
 * rely on the database to refuse them if another writer got there first; this index refuses such a
 * fork whatever ids the rows carry and whatever the inserting statement's snapshot could see.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create unique index audit_log_prev_hash_key on audit_log (prev_hash)`.execute(db);
}
