import type { Kysely } from 'kysely';

/**
 * Feed followers now read changes in transaction order, `(change_xid, change_seq)`: a transaction
 * that took a smaller `change_seq` can commit after one that took a larger, so `change_seq` alone
 * let a follower move past a change that was still to commit. A follower only reads below the
 * oldest transaction still running, so nothing can appear behind a position in this order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('record_projection_feed_idx')
    .on('record_projection')
    .columns(['change_xid', 'change_seq'])
    .execute();
  await db.schema.dropIndex('record_projection_change_idx').execute();
}
