import type { NewAuditRow } from '../audit/sql/append-audit-row.ts';
import type { AuditNotes, Context } from './context.ts';

/** An audit row without its outcome: what every call's row says, whatever becomes of the call. */
export type CallRow = Omit<NewAuditRow, 'outcome' | 'errorCode'>;

/**
 * The audit row of a call to `procedure` as it stands: who called (a sign-in names the account
 * tried, whatever token came with it; else the officer, else the verified peer node, else no one),
 * what the procedure noted, and the hash of the input. The one place that says who a row is about,
 * for procedure calls and for requests refused before any procedure took them.
 *
 * @example
 * await appendAuditRowAlone(db, { ...callRow(ctx, audit, path, inputHash), outcome: 'ok', errorCode: null });
 */
export function callRow(ctx: Context, audit: AuditNotes, procedure: string, inputHash: string): CallRow {
  const { services } = ctx;
  return {
    at: services.clock.now(),
    nodeId: services.config.nodeId,
    actorType: audit.actorId === undefined && ctx.officer ? 'officer' : audit.node ? 'node' : 'anonymous',
    actorId: audit.actorId ?? ctx.officer?.officerId ?? audit.node ?? null,
    procedure,
    recordIds: audit.recordIds,
    requestId: ctx.requestId,
    correlationId: ctx.correlationId ?? null,
    inputHash,
    ...(audit.note === undefined ? {} : { note: audit.note }),
  };
}
