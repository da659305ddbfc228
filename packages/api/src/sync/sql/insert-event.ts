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

/** Stores an event once (an event reaches a node over exactly one link, but apply stays idempotent). */
export async function insertEvent(db: Kysely<Database>, e: EventRow): Promise<void> {
  await db
    .insertInto('event')
    .values({
      id: e.id,
      record_type: e.recordType,
      record_id: e.recordId,
      author: e.author,
      hlc: e.hlc,
      at: hlcTime(e.hlc),
      kind: e.kind,
      actor: JSON.stringify(e.actor),
      data: JSON.stringify(e.data ?? null),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
