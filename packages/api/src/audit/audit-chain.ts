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
}

/** A row's hash covers its whole content and the previous row's hash, so any edit breaks the chain. */
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
