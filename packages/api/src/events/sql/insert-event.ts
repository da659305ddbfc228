import type { Database, EventActor } from '@tiemeng/db';
import type { Kysely } from 'kysely';
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

/** Stores events once each (an event reaches a node over exactly one link, but apply stays idempotent). */
export async function insertEvents(db: Kysely<Database>, events: readonly EventRow[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('event')
    .values(
      events.map((e) => ({
        id: e.id,
        record_type: e.recordType,
        record_id: e.recordId,
        author: e.author,
        hlc: e.hlc,
        at: hlcTime(e.hlc),
        kind: e.kind,
        actor: JSON.stringify(e.actor),
        data: JSON.stringify(e.data ?? null),
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export const insertEvent = (db: Kysely<Database>, e: EventRow) => insertEvents(db, [e]);
