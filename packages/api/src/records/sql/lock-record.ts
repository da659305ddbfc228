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
