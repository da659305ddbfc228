import { type Kysely, sql } from 'kysely';

/**
 * A change cursor on projections for live feeds: every refold takes the next value of
 * `record_change_seq`. (How followers stay in commit order: migration 0006.)
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create sequence record_change_seq`.execute(db);
  await db.schema
    .alterTable('record_projection')
    .addColumn('change_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('record_projection_change_idx')
    .on('record_projection')
    .column('change_seq')
    .execute();
  // Lists page newest first within a record type.
  await db.schema
    .createIndex('record_projection_list_idx')
    .on('record_projection')
    .columns(['record_type', 'created_at desc', 'record_id desc'])
    .execute();
}
