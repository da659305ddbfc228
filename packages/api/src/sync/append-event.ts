import type { Database, EventActor } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { TiemengError } from '../errors/index.ts';
import type { RecordEvent } from '../records/record-type.ts';
import { type Projection, project, writeProjections } from '../records/refold.ts';
import { loadRecordEvents } from '../records/sql/load-record-events.ts';
import { lockRecord } from '../records/sql/lock-record.ts';
import { currentTrace } from '../tracing/trace-context.ts';
import { ENTRY_TYP, type EntryPayload } from './entry-payload.ts';
import { hlcTime } from './hlc.ts';
import { insertEvent } from './sql/insert-event.ts';
import { appendLinkEntry } from './sql/insert-link-entry.ts';
import { lockLinkHead } from './sql/lock-link-head.ts';
import { OUTBOX_CHANNEL, type SyncDeps } from './sync-deps.ts';
import { entryHash } from './verify-entry.ts';

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
 * stores it, appends a signed entry to the link of every other party, and refolds the projection.
 * Delivery starts when the transaction commits (NOTIFY).
 */
export async function appendEvent(
  trx: Kysely<Database>,
  deps: SyncDeps,
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
  if (reason) throw new TiemengError('ILLEGAL_TRANSITION', { message: reason });

  await insertEvent(trx, { ...candidate, recordType: cmd.recordType, recordId: cmd.recordId });
  // The projection is the vetting fold's: the same events in the same canonical order.
  const projection = project(type, ordered, vetted);
  await writeProjections(trx, [
    { recordId: cmd.recordId, typeName: cmd.recordType, events: ordered, p: projection },
  ]);
  // Links last: a link's head stays locked until commit, so the less done after locking it, the
  // more appends per second each link takes.
  // Lock links in a fixed order so concurrent appends to several links cannot deadlock.
  const peers = vetted.parties.filter((p) => p !== deps.nodeId).sort();
  for (const peer of peers) {
    const head = await lockLinkHead(trx, deps.nodeId, peer);
    const payload: EntryPayload = {
      v: 1,
      id: candidate.id,
      from: deps.nodeId,
      to: peer,
      seq: head.seq + 1,
      prev: head.hash,
      hlc,
      actor: cmd.actor,
      record: { type: cmd.recordType, id: cmd.recordId },
      kind: cmd.kind,
      data: cmd.data,
    };
    const jws = deps.signer.signCanonical(payload, ENTRY_TYP);
    await appendLinkEntry(
      trx,
      {
        from: deps.nodeId,
        to: peer,
        seq: payload.seq,
        hash: entryHash(jws),
        prev: head.hash,
        eventId: candidate.id,
        jws,
        traceId: currentTrace()?.traceId ?? null,
      },
      OUTBOX_CHANNEL,
    );
  }
  return { eventId: candidate.id, hlc, projection };
}
