import type { Database, EventActor } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { TiemengError } from '../errors/index.ts';
import type { EventsDeps } from './events-deps.ts';
import { hlcTime } from './hlc.ts';
import type { RecordEvent } from './record-type.ts';
import { type Projection, project, writeProjections } from './refold.ts';
import { insertEvent } from './sql/insert-event.ts';
import { loadRecordEvents } from './sql/load-record-events.ts';
import { lockRecord } from './sql/lock-record.ts';

export interface AppendCommand {
  recordType: string;
  recordId: string;
  kind: string;
  data: unknown;
  actor: EventActor;
}

export interface AppendResult {
  eventId: string;
  hlc: string;
  projection: Projection;
}

/**
 * The one way a node authors an event, used by every record type. In the caller's transaction it
 * vets the event with the record's own fold (a rule it breaks → ILLEGAL_TRANSITION, nothing written),
 * stores it, refolds the projection and hands the event to the links of every other party (sync
 * signs and chains it there; delivery starts when the transaction commits).
 */
export async function appendEvent(
  trx: Kysely<Database>,
  deps: EventsDeps,
  cmd: AppendCommand,
): Promise<AppendResult> {
  const type = deps.records.get(cmd.recordType);
  if (!type) throw new TiemengError('INVALID_INPUT', { message: `Unknown record type ${cmd.recordType}` });
  // One writer per record at a time, so the vetting fold sees every earlier event.
  await lockRecord(trx, cmd.recordId);
  const existing = await loadRecordEvents(trx, cmd.recordId);
  if (existing.events.length > 0 && existing.type !== cmd.recordType) {
    throw new TiemengError('INVALID_INPUT', { message: `Record ${cmd.recordId} is a ${existing.type}` });
  }
  // Another API process of this node may have stored a later stamp (a partner's, or its own) than
  // this process's clock has seen: the new event must still come last.
  const newest = existing.events.at(-1);
  if (newest) deps.hlc.observe(newest.hlc);
  const hlc = deps.hlc.now();
  const candidate: RecordEvent = {
    id: uuidv7(),
    author: deps.nodeId,
    hlc,
    at: hlcTime(hlc),
    kind: cmd.kind,
    actor: cmd.actor,
    data: cmd.data,
  };
  const ordered = [...existing.events, candidate];
  const vetted = type.fold(ordered);
  const reason = vetted.rejected[candidate.id];
  if (reason)
    throw new TiemengError(vetted.refusals?.[candidate.id]?.code ?? 'ILLEGAL_TRANSITION', {
      message: reason,
    });

  await insertEvent(trx, { ...candidate, recordType: cmd.recordType, recordId: cmd.recordId });
  // The projection is the vetting fold's: the same events in the same canonical order.
  const projection = project(type, ordered, vetted);
  await writeProjections(trx, [
    { recordId: cmd.recordId, typeName: cmd.recordType, events: ordered, p: projection },
  ]);
  // Links last: a link's head stays locked until commit, so the less done after locking it, the
  // more appends per second each link takes.
  const peers = vetted.parties.filter((p) => p !== deps.nodeId);
  await deps.links.append(trx, { ...candidate, recordType: cmd.recordType, recordId: cmd.recordId }, peers);
  return { eventId: candidate.id, hlc, projection };
}
