import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';

export interface OrphanEntry {
  from_node: string;
  to_node: string;
  seq: number;
  hash: string;
  event_id: string;
  jws: string;
}

/**
 * Entries of the links between this node and `peer` that carried one of `eventIds` while the event
 * row itself is gone (deleted behind the engine's back): the signed JWS is all that is needed to
 * restore it.
 */
export async function orphanLinkEntries(
  db: Kysely<Database>,
  self: string,
  peer: string,
  eventIds: readonly string[],
): Promise<OrphanEntry[]> {
  if (eventIds.length === 0) return [];
  const { rows } = await sql<OrphanEntry>`
    select le.from_node, le.to_node, le.seq, le.hash, le.event_id::text as event_id, le.jws
      from link_entry le
     where le.event_id = any(${[...eventIds]}::uuid[])
       and ((le.from_node = ${self} and le.to_node = ${peer}) or (le.from_node = ${peer} and le.to_node = ${self}))
       and not exists (select 1 from event e where e.id = le.event_id)`.execute(db);
  return rows;
}
