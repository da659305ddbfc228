import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { OfficerIdentity } from '../auth/officer-token.ts';
import { appendEvent, type EventsDeps } from '../events/index.ts';
import { actorOf } from './acting-officer.ts';
import { loadProjection } from './sql/load-projection.ts';

/** An officer's command as an event of `recordType`, through the one append service. */
export function appendAs(
  db: Kysely<Database>,
  events: EventsDeps,
  officer: OfficerIdentity,
  event: { recordType: string; recordId: string; kind: string; data: unknown },
) {
  return appendEvent(db, events, { ...event, actor: actorOf(officer) });
}

/** Creates a record of `recordType` with a new id and its first event, as `appendAs`; answers the id. */
export async function createAs(
  db: Kysely<Database>,
  events: EventsDeps,
  officer: OfficerIdentity,
  event: { recordType: string; kind: string; data: unknown },
): Promise<string> {
  const recordId = uuidv7();
  await appendAs(db, events, officer, { ...event, recordId });
  return recordId;
}

/** A record as every `.get` returns it at its core: the projection row, its hash and signed timeline. */
export async function readRecord(
  db: Kysely<Database>,
  events: EventsDeps,
  recordType: string,
  recordId: string,
) {
  const row = await loadProjection(db, recordType, recordId);
  return {
    row,
    stateHash: row.state_hash,
    timeline: await events.links.signedTimeline(db, row.timeline),
  };
}
