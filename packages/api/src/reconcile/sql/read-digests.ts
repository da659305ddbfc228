import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';
import type { RecordDigest } from '../record-digest.ts';

/**
 * State hash and events of each record, as this node holds them, limited to records shared with
 * `peer` (data minimisation: a peer learns nothing about records it is not a party of).
 */
export async function readDigests(
  db: Kysely<Database>,
  self: string,
  peer: string,
  ids: readonly string[],
): Promise<RecordDigest[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{
    id: string;
    state_hash: string | null;
    event_id: string | null;
    author: string | null;
    seq: number | null;
  }>`
    select r.id, p.state_hash, e.id::text as event_id, e.author, le.seq
      from unnest(${[...ids]}::uuid[]) as r(id)
      left join record_projection p on p.record_id = r.id and p.parties @> ${[self, peer]}::text[]
      left join event e on e.record_id = r.id and p.record_id is not null
      left join link_entry le on le.event_id = e.id
        and ((le.from_node = ${self} and le.to_node = ${peer}) or (le.from_node = ${peer} and le.to_node = ${self}))
     order by r.id, e.id`.execute(db);
  const out = new Map<string, RecordDigest>();
  for (const row of rows) {
    let digest = out.get(row.id);
    if (!digest) {
      digest = { id: row.id, stateHash: row.state_hash, events: [] };
      out.set(row.id, digest);
    }
    if (row.event_id) digest.events.push({ id: row.event_id, author: row.author!, seq: row.seq });
  }
  return [...out.values()];
}
