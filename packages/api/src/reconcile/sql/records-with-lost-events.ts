import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';
import { decodeJwsPayload } from '../../crypto/jws.ts';

/**
 * Records of which this node still holds a signed link entry (with `peer`, either direction) while
 * the event row is gone: deleted behind the engine's back. Their projections may still look right
 * until the next refold, so state comparison alone would not see them.
 *
 * The record id is read from the entry's payload without verifying it: it only chooses which records
 * to inspect. Restoring the event verifies the entry first.
 */
export async function recordsWithLostEvents(
  db: Kysely<Database>,
  self: string,
  peer: string,
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ jws: string }>`
    select le.jws
      from link_entry le
     where ((le.from_node = ${self} and le.to_node = ${peer}) or (le.from_node = ${peer} and le.to_node = ${self}))
       and not exists (select 1 from event e where e.id = le.event_id)
     limit ${limit}`.execute(db);
  return [...new Set(rows.map((r) => recordIdOf(r.jws)).filter((id): id is string => id !== undefined))];
}

function recordIdOf(jws: string): string | undefined {
  try {
    const payload = decodeJwsPayload(jws) as { record?: { id?: unknown } } | null;
    const id = payload?.record?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
