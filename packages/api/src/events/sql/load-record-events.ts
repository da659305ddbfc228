import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { compareEvents, type RecordEvent } from '../record-type.ts';

export interface StoredRecordEvents {
  type: string;
  events: RecordEvent[];
}

/** Several records' events, each in canonical order `(hlc, author, id)`, in one query. */
export async function loadRecordsEvents(
  db: Kysely<Database>,
  recordIds: readonly string[],
): Promise<Map<string, StoredRecordEvents>> {
  const byRecord = new Map<string, StoredRecordEvents>();
  if (recordIds.length === 0) return byRecord;
  const rows = await db
    .selectFrom('event')
    .select(['record_id', 'id', 'record_type', 'author', 'hlc', 'at', 'kind', 'actor', 'data'])
    .where('record_id', 'in', recordIds)
    .execute();
  for (const r of rows) {
    let stored = byRecord.get(r.record_id);
    if (!stored) {
      stored = { type: r.record_type, events: [] };
      byRecord.set(r.record_id, stored);
    }
    stored.events.push({
      id: r.id,
      author: r.author,
      hlc: r.hlc,
      at: r.at,
      kind: r.kind,
      actor: r.actor,
      data: r.data,
    });
  }
  // Sorted here, by the one comparator every fold uses: SQL's order would follow the database's
  // collation, which may compare node ids (`sh-pudong`, `shanghai`) otherwise on the partner.
  for (const stored of byRecord.values()) stored.events.sort(compareEvents);
  return byRecord;
}

/** A record's events in canonical order `(hlc, author, id)`. */
export async function loadRecordEvents(db: Kysely<Database>, recordId: string): Promise<StoredRecordEvents> {
  return (await loadRecordsEvents(db, [recordId])).get(recordId) ?? { type: '', events: [] };
}
