import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';

/**
 * Serialises writers of one record until the transaction ends: a local append and an inbound apply
 * must not refold the same record concurrently, or the later commit would drop the other's event.
 * Lock several records in sorted order to avoid deadlocks.
 */
export async function lockRecord(trx: Kysely<Database>, recordId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${recordId}, 0))`.execute(trx);
}

/** Locks several records in one statement, in sorted key order so concurrent lockers cannot deadlock. */
export async function lockRecords(trx: Kysely<Database>, recordIds: readonly string[]): Promise<void> {
  if (recordIds.length === 0) return;
  await sql`select pg_advisory_xact_lock(k) from (
      select hashtextextended(id, 0) as k from unnest(${[...recordIds]}::text[]) as id order by k) as keys`.execute(
    trx,
  );
}
