import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';

/** The chain's newest row (its head), as a subquery: `left join lateral (${NEWEST_AUDIT_ROW}) as head on true`. */
export const NEWEST_AUDIT_ROW = sql<{
  id: number;
  hash: string;
}>`select id, hash from audit_log order by id desc limit 1`;

/** The newest audit row's id and hash, or undefined on an empty chain. */
export async function readAuditHead(db: Kysely<Database>): Promise<{ id: number; hash: string } | undefined> {
  return (await NEWEST_AUDIT_ROW.execute(db)).rows[0];
}
