import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';

/** Stored hashes of the given audit rows (rows that do not exist are absent from the map). */
export async function auditHashes(
  db: Kysely<Database>,
  ids: readonly number[],
): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('audit_log')
    .select(['id', 'hash'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.hash]));
}
