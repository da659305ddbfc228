import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';

/**
 * Which of incoming events' ids are already stored.
 *
 * @example
 * (await storedEventIds(trx, ['0193…'])).has('0193…');
 */
export async function storedEventIds(
  db: Kysely<Database>,
  eventIds: readonly string[],
): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  // An array as one parameter: a batch of thousands of ids stays one short statement.
  const { rows } = await sql<{ id: string }>`
    select id from event where id = any(${[...eventIds]}::uuid[])`.execute(db);
  return new Set(rows.map((r) => r.id));
}
