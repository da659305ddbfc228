import type { Database, EventActor } from '@tiemeng/db';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { hlcTime } from '../hlc.ts';

export interface EventRow {
  id: string;
  recordType: string;
  recordId: string;
  author: string;
  hlc: string;
  kind: string;
  actor: EventActor;
  data: unknown;
}

/**
 * Stores events once each (an event reaches a node over exactly one link, but apply stays idempotent).
 * The rows travel as one JSON parameter, however many: a catch-up batch of thousands of events costs
 * one small statement to build and send instead of nine parameters per row. Read as jsonb, so each
 * event's actor and data are parsed once, not again into their jsonb columns.
 */
export async function insertEvents(db: Kysely<Database>, events: readonly EventRow[]): Promise<void> {
  if (events.length === 0) return;
  await eventsInsert(events).execute(db);
}

/**
 * The statement of `insertEvents`, for a caller that runs it with others in one statement (as a
 * `with` clause) to save round trips.
 */
export function eventsInsert(events: readonly EventRow[]): RawBuilder<unknown> {
  const rows = JSON.stringify(
    events.map((e) => ({
      id: e.id,
      record_type: e.recordType,
      record_id: e.recordId,
      author: e.author,
      hlc: e.hlc,
      at: hlcTime(e.hlc).toISOString(),
      kind: e.kind,
      actor: e.actor,
      // Kept apart from SQL NULL: an event without data stores the JSON value null.
      data: e.data ?? null,
    })),
  );
  return sql`
    insert into event (id, record_type, record_id, author, hlc, at, kind, actor, data)
    select id, record_type, record_id, author, hlc, at, kind, actor, coalesce(data, 'null'::jsonb)
      from jsonb_to_recordset(${rows}::jsonb) as r(
        id uuid, record_type text, record_id uuid, author text, hlc text, at timestamptz, kind text,
        actor jsonb, data jsonb)
    on conflict (id) do nothing`;
}

export const insertEvent = (db: Kysely<Database>, e: EventRow) => insertEvents(db, [e]);
