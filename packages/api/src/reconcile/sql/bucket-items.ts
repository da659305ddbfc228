import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';

export interface BucketItemRow {
  prefix: string;
  id: string;
  fp: string;
}

/** Record id and fingerprint (16 hex) of every record shared by `parties` under each prefix. */
export async function bucketItems(
  db: Kysely<Database>,
  parties: readonly string[],
  prefixes: readonly string[],
): Promise<BucketItemRow[]> {
  if (prefixes.length === 0) return [];
  const { rows } = await sql<BucketItemRow>`
    select p.prefix, r.record_id::text as id, lpad(to_hex(r.fp), 16, '0') as fp
      from unnest(${[...prefixes]}::text[]) as p(prefix)
      join record_projection r
        on r.rkey >= p.prefix collate "C" and r.rkey < (p.prefix || 'g') collate "C"
     where r.parties @> ${[...parties]}::text[]`.execute(db);
  return rows;
}
