import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';

export interface ChildRow {
  prefix: string;
  child: string;
  n: number;
  x: string;
}

/**
 * For each prefix, count and XOR of `fp` of its non-empty children (prefix + one hex digit) among the
 * records shared by `parties`. One indexed range scan per prefix: hex sorts below 'g' in "C" order,
 * so a prefix's bucket is [prefix, prefix || 'g'). XOR comes back as 16 hex (int8 would lose bits in JS).
 */
export async function childrenFingerprints(
  db: Kysely<Database>,
  parties: readonly string[],
  prefixes: readonly string[],
): Promise<ChildRow[]> {
  if (prefixes.length === 0) return [];
  const { rows } = await sql<ChildRow>`
    select p.prefix,
           substr(r.rkey, 1, length(p.prefix) + 1) as child,
           count(*)::int4 as n,
           lpad(to_hex(bit_xor(r.fp)), 16, '0') as x
      from unnest(${[...prefixes]}::text[]) as p(prefix)
      join record_projection r
        on r.rkey >= p.prefix collate "C" and r.rkey < (p.prefix || 'g') collate "C"
     where r.parties @> ${[...parties]}::text[]
     group by p.prefix, child`.execute(db);
  return rows;
}
