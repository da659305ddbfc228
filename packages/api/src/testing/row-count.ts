import { type SelectQueryBuilder, sql } from 'kysely';

/**
 * How many rows a query selects: a test's "nothing was written" and "exactly these were" checks.
 *
 * @example
 * expect(await rowCount(db.selectFrom('event').where('record_id', '=', id))).toBe(3);
 */
export async function rowCount<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
): Promise<number> {
  const row = await query.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number((row as { n: string }).n);
}
