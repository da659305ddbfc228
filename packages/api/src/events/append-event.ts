import type { Database, EventActor } from '@tiemeng/db';
import type { Kysely, Transaction } from 'kysely';
import { currentTrace } from '../tracing/trace-context.ts';
import { currentCallAudit } from './append-audit.ts';
import { type AppendOutcome, type PendingAppend, writeAppends } from './append-batch.ts';
import { sequencerOf } from './append-sequencer.ts';
import type { EventsDeps } from './events-deps.ts';
import type { Projection } from './refold.ts';

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
 * The one way a node authors an event, used by every record type. It vets the event with the
 * record's own fold (a rule it breaks → ILLEGAL_TRANSITION, nothing written), stores it, refolds the
 * projection and hands the event to the links of every other party (sync signs and chains it there;
 * delivery starts at commit).
 *
 * In a caller's transaction (`db` is one) all of that happens in it, and the link heads stay locked
 * until the caller commits. Otherwise the node's sequencer writes it with whatever else is being
 * filed, together with the call's audit row (`withCallAudit`), and this resolves once it is committed.
 */
export async function appendEvent(
  db: Kysely<Database>,
  deps: EventsDeps,
  cmd: AppendCommand,
): Promise<AppendResult> {
  const filing: PendingAppend = { cmd, traceId: currentTrace()?.traceId ?? null };
  if (db.isTransaction)
    return resultOf((await writeAppends(db as Transaction<Database>, deps, [filing]))[0]!);
  const audit = currentCallAudit();
  if (audit) filing.audit = { row: audit.row(cmd.recordId), committed: audit.committed };
  return resultOf(await sequencerOf(db, deps).append(filing));
}

function resultOf(outcome: AppendOutcome): AppendResult {
  if ('error' in outcome) throw outcome.error;
  return outcome.ok;
}
