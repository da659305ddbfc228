import { type Kysely, sql } from 'kysely';

/**
 * The feed cursor no longer needs a lock held until commit (which serialised every writer): each
 * change also records its transaction id, and a follower only reads changes of transactions older
 * than every transaction still running (`pg_snapshot_xmin`). A change with a smaller cursor can then
 * no longer appear after one with a larger cursor was delivered.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('record_projection')
    .addColumn('change_xid', sql`xid8`, (c) => c.notNull().defaultTo(sql`'0'::xid8`))
    .execute();
}
