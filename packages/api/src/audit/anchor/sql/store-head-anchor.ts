import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { AnchorClaims } from '../anchor-jws.ts';

/**
 * Keeps the newest audit head `claims.node` signed for us, one row per peer. A head that goes back
 * (a lower row) or names a row we hold with another hash is not kept: the one we hold is returned
 * as `contradicted`, the peer's history having lost or changed rows since.
 */
export async function storeHeadAnchor(
  db: Kysely<Database>,
  claims: AnchorClaims,
  jws: string,
): Promise<{ contradicted?: { rowId: number; hash: string; jws: string } }> {
  const held = await db
    .selectFrom('audit_head_anchor')
    .select(['row_id', 'row_hash', 'jws'])
    .where('node', '=', claims.node)
    .forUpdate()
    .executeTakeFirst();
  if (held) {
    const rowId = Number(held.row_id);
    if (rowId > claims.rowId || (rowId === claims.rowId && held.row_hash !== claims.hash))
      return { contradicted: { rowId, hash: held.row_hash, jws: held.jws } };
  }
  const values = { row_id: claims.rowId, row_hash: claims.hash, signed_at: claims.at, jws };
  await db
    .insertInto('audit_head_anchor')
    .values({ node: claims.node, ...values })
    .onConflict((oc) => oc.column('node').doUpdateSet(values))
    .execute();
  return {};
}

/** The newest audit head of `node` we hold, if any. */
export function readHeadAnchor(db: Kysely<Database>, node: string) {
  return db
    .selectFrom('audit_head_anchor')
    .select(['row_id', 'jws'])
    .where('node', '=', node)
    .executeTakeFirst();
}
