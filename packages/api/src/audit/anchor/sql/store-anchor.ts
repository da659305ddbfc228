import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { AnchorClaims } from '../anchor-jws.ts';

/**
 * Keeps a verified anchor of a peer. The first anchor of a row stays: an anchor with another hash for
 * the same row is returned as `conflict` (the peer's history changed between the two) and not stored.
 */
export async function storeAnchor(
  db: Kysely<Database>,
  claims: AnchorClaims,
  jws: string,
): Promise<{ stored: boolean; conflict?: { hash: string; jws: string } }> {
  const inserted = await db
    .insertInto('audit_anchor')
    .values({ node: claims.node, row_id: claims.rowId, row_hash: claims.hash, signed_at: claims.at, jws })
    .onConflict((oc) => oc.columns(['node', 'row_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { stored: true };
  const existing = await db
    .selectFrom('audit_anchor')
    .select(['row_hash', 'jws'])
    .where('node', '=', claims.node)
    .where('row_id', '=', claims.rowId)
    .executeTakeFirstOrThrow();
  return existing.row_hash === claims.hash
    ? { stored: false }
    : { stored: false, conflict: { hash: existing.row_hash, jws: existing.jws } };
}
