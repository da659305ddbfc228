import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';

export interface BucketItemRow {
  prefix: string;
  id: string;
  fp: string;
}

/**
 * Record id and fingerprint (16 hex) of the records shared by `parties` under each prefix, in key
 * order: every one, or at most `limit` per prefix.
 */
export async function bucketItems(
  db: Kysely<Database>,
  parties: readonly string[],
  prefixes: readonly string[],
  limit?: number,
): Promise<BucketItemRow[]> {
  if (prefixes.length === 0) return [];
  const { rows } = await sql<BucketItemRow>`
    select p.prefix, r.id, r.fp
      from unnest(${[...prefixes]}::text[]) as p(prefix)
      cross join lateral (
        select record_id::text as id, lpad(to_hex(fp), 16, '0') as fp
          from record_projection
         where rkey >= p.prefix collate "C" and rkey < (p.prefix || 'g') collate "C"
           and parties @> ${[...parties]}::text[]
         order by rkey
         limit ${limit ?? null}
      ) as r`.execute(db);
  return rows;
}
