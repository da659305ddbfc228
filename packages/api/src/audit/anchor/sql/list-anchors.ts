import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';

/** Anchors we hold for `node`, by row id ascending, after `afterRowId`. */
export function listAnchors(db: Kysely<Database>, node: string, afterRowId: number, limit: number) {
  return db
    .selectFrom('audit_anchor')
    .select(['row_id', 'jws'])
    .where('node', '=', node)
    .where('row_id', '>', afterRowId)
    .orderBy('row_id')
    .limit(limit)
    .execute();
}
