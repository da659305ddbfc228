import type { Kysely } from 'kysely';

/**
 * Statistic facts: what each record contributes to the joint statistics, rewritten with its
 * projection on every refold. Derived only from the fold over shared, author-timed events, so both
 * nodes hold the same facts and answer the same figures with an indexed range scan.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('stat_fact')
    .addColumn('record_id', 'uuid', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('from_node', 'text', (c) => c.notNull())
    .addColumn('to_node', 'text', (c) => c.notNull())
    .addColumn('station', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('priority', 'text')
    .addColumn('value', 'double precision', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stat_fact_record_idx').on('stat_fact').column('record_id').execute();
  await db.schema.createIndex('stat_fact_metric_at_idx').on('stat_fact').columns(['metric', 'at']).execute();
}
