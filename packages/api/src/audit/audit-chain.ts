import type { AuditLogTable } from '@tiemeng/db';
import type { Selectable } from 'kysely';
import { hashCanonical } from '../crypto/hash.ts';

/** The hash the first audit row chains to. */
export const AUDIT_GENESIS = '0'.repeat(64);

export interface AuditContent {
  id: number;
  at: Date;
  nodeId: string;
  actorType: string;
  actorId: string | null;
  procedure: string;
  recordIds: readonly string[];
  outcome: string;
  errorCode: string | null;
  requestId: string;
  inputHash: string;
  /** The caller's own request id, when it sent one (covered by the hash only when present). */
  correlationId?: string | null;
  /** What the call stated for the record, such as the reason given for a reveal. */
  note?: string | null;
}

/** What a stored audit row's hash covers, read from the row. */
export function auditContentOf(row: Selectable<AuditLogTable>): AuditContent {
  return {
    id: row.id,
    at: row.at,
    nodeId: row.node_id,
    actorType: row.actor_type,
    actorId: row.actor_id,
    procedure: row.procedure,
    recordIds: row.record_ids,
    outcome: row.outcome,
    errorCode: row.error_code,
    requestId: row.request_id,
    inputHash: row.input_hash,
    correlationId: row.correlation_id,
    note: row.note,
  };
}

/**
 * A row's hash covers its whole content and the previous row's hash, so any edit breaks the chain.
 * A note is covered only when there is one: rows written before notes existed hash as they did.
 */
export function auditRowHash(row: AuditContent, prevHash: string): string {
  return hashCanonical({
    id: row.id,
    at: row.at.toISOString(),
    nodeId: row.nodeId,
    actorType: row.actorType,
    actorId: row.actorId,
    procedure: row.procedure,
    recordIds: [...row.recordIds],
    outcome: row.outcome,
    errorCode: row.errorCode,
    requestId: row.requestId,
    inputHash: row.inputHash,
    // Rows from before correlation ids keep the hash they were written with.
    ...(row.correlationId != null ? { correlationId: row.correlationId } : {}),
    ...(row.note == null ? {} : { note: row.note }),
    prevHash,
  });
}

export type ChainCheck = { ok: true } | { ok: false; reason: string };

/** Checks one row against its predecessor's hash (pure; used by `audit.verify`). */
export function checkAuditRow(
  row: AuditContent & { prevHash: string; hash: string },
  expectedPrev: string,
): ChainCheck {
  if (row.prevHash !== expectedPrev) {
    return {
      ok: false,
      reason: `prev_hash does not match the hash of the row before (a row was removed or reordered)`,
    };
  }
  if (auditRowHash(row, row.prevHash) !== row.hash) {
    return { ok: false, reason: 'content does not match its hash (the row was altered)' };
  }
  return { ok: true };
}
