import type { Kysely } from 'kysely';

/**
 * The safety-net pull of each partner's link reports how it last went, apart from delivery of ours:
 * a refused pull must show in `sync.status` even while our own pushes succeed (and clear `last_error`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('peer_delivery')
    .addColumn('last_pull_at', 'timestamptz')
    .addColumn('last_pull_error', 'text')
    .execute();
}
