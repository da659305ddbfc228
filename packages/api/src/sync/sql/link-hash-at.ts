import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { LINK_GENESIS } from '../entry-payload.ts';

/** Hash of entry `seq` of link from → to as stored here (seq 0: the genesis), or undefined. */
export async function linkHashAt(
  db: Kysely<Database>,
  from: string,
  to: string,
  seq: number,
): Promise<string | undefined> {
  if (seq === 0) return LINK_GENESIS;
  const row = await db
    .selectFrom('link_entry')
    .select('hash')
    .where('from_node', '=', from)
    .where('to_node', '=', to)
    .where('seq', '=', seq)
    .executeTakeFirst();
  return row?.hash;
}
