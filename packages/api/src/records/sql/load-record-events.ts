import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { RecordEvent } from '../record-type.ts';

/** A record's events in canonical order `(hlc, author, id)`. */
export async function loadRecordEvents(
  db: Kysely<Database>,
  recordId: string,
): Promise<{ type: string; events: RecordEvent[] }> {
  const rows = await db
    .selectFrom('event')
    .select(['id', 'record_type', 'author', 'hlc', 'at', 'kind', 'actor', 'data'])
    .where('record_id', '=', recordId)
    .orderBy('hlc')
    .orderBy('author')
    .orderBy('id')
    .execute();
  return {
    type: rows[0]?.record_type ?? '',
    events: rows.map((r) => ({
      id: r.id,
      author: r.author,
      hlc: r.hlc,
      at: r.at,
      kind: r.kind,
      actor: r.actor,
      data: r.data,
    })),
  };
}
