import type { Database } from '@tiemeng/db';
import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { NewAuditRow } from '../audit/sql/append-audit-row.ts';
import { TiemengError } from '../errors/index.ts';
import type { AppendCommand, AppendResult } from './append-event.ts';
import type { AuthoredEvent, EventsDeps, OutgoingEvent } from './events-deps.ts';
import { hlcTime } from './hlc.ts';
import type { RecordEvent } from './record-type.ts';
import { type ProjectedRecord, project, writeProjections } from './refold.ts';
import { type EventRow, insertEvents } from './sql/insert-event.ts';
import { loadRecordsEvents, type StoredRecordEvents } from './sql/load-record-events.ts';
import { lockRecords } from './sql/lock-record.ts';

/** One filing: the command, the trace it continues, and the audit row to commit with it (if any). */
export interface PendingAppend {
  cmd: AppendCommand;
  traceId: string | null;
  audit?: { row: NewAuditRow; committed(): void };
}

/** A filing's outcome: its event, or the typed error that refused it alone. */
export type AppendOutcome = { ok: AppendResult } | { error: TiemengError };

/**
 * Writes filings in order in one transaction: each is vetted with its record's fold against every
 * earlier event (stored, or earlier in the group), and one that breaks a rule is left out with its
 * error while the rest go on. The accepted ones are written with one statement per table (events,
 * projections, each link's entries and head, audit rows), so a group costs about what one event does.
 */
export async function writeAppends(
  trx: Transaction<Database>,
  deps: EventsDeps,
  filings: readonly PendingAppend[],
): Promise<AppendOutcome[]> {
  const recordIds = [...new Set(filings.map((f) => f.cmd.recordId))];
  // One writer per record at a time, so the vetting fold sees every earlier event.
  await lockRecords(trx, recordIds);
  const records = await loadRecordsEvents(trx, recordIds);
  const accepted: { filing: PendingAppend; event: AuthoredEvent & EventRow; peers: readonly string[] }[] = [];
  const projected = new Map<string, ProjectedRecord>();
  const outcomes = filings.map((filing): AppendOutcome => {
    try {
      const { event, result, record, peers } = vet(deps, records, filing);
      accepted.push({ filing, event, peers });
      projected.set(record.recordId, record);
      return { ok: result };
    } catch (err) {
      if (err instanceof TiemengError) return { error: err };
      throw err;
    }
  });
  if (accepted.length === 0) return outcomes;

  await insertEvents(
    trx,
    accepted.map((a) => a.event),
  );
  // Each record's projection once, as folded after the group's last event on it.
  await writeProjections(trx, [...projected.values()]);
  // Links last, with the calls' audit rows: a link's head stays locked until commit, so the less
  // done after locking it, the more appends per second each link takes.
  await deps.links.append(
    trx,
    accepted.map(({ event, peers }): OutgoingEvent => ({ event, peers })),
    accepted.flatMap((a) => (a.filing.audit ? [a.filing.audit.row] : [])),
  );
  return outcomes;
}

/**
 * Vets one filing against its record as it stands (`records`, updated in place when accepted): an
 * unknown type or a rule it breaks throws the typed error, nothing changed.
 */
function vet(deps: EventsDeps, records: Map<string, StoredRecordEvents>, filing: PendingAppend) {
  const { cmd } = filing;
  const type = deps.records.get(cmd.recordType);
  if (!type) throw new TiemengError('INVALID_INPUT', { message: `Unknown record type ${cmd.recordType}` });
  const existing = records.get(cmd.recordId) ?? { type: cmd.recordType, events: [] };
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
  records.set(cmd.recordId, { type: cmd.recordType, events: ordered });
  // The projection is the vetting fold's: the same events in the same canonical order.
  const projection = project(type, ordered, vetted);
  const event: AuthoredEvent & EventRow = {
    ...candidate,
    recordType: cmd.recordType,
    recordId: cmd.recordId,
    traceId: filing.traceId,
  };
  return {
    event,
    result: { eventId: candidate.id, hlc, projection },
    record: { recordId: cmd.recordId, typeName: cmd.recordType, events: ordered, p: projection },
    peers: vetted.parties.filter((p) => p !== deps.nodeId),
  };
}
