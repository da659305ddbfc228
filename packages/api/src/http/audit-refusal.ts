import { appendAuditRowAlone } from '../audit/sql/append-audit-row.ts';
import { sha256Hex } from '../crypto/hash.ts';
import type { ErrorCode } from '../errors/index.ts';
import type { NodeServices } from '../node/node-services.ts';
import { callRow } from '../trpc/audit-row.ts';
import { createContext } from '../trpc/context.ts';

/** Longest path kept as an audit row's procedure (an unknown path is whatever the caller sent). */
const MAX_PATH = 200;

export interface Refusal {
  requestId: string;
  /** The procedure path asked for, as sent (a batch's paths joined by commas). */
  path: string;
  authorization: string | undefined;
  clientAddress: string;
  /** The caller's own `x-request-id`, if well-formed. */
  correlationId?: string;
  /** The body, or the GET `input`, as received (empty when it was not read). */
  rawBody: string;
  appCode: ErrorCode;
}

/**
 * Audits a tRPC request refused before any procedure took it (an unknown procedure, a wrong method or
 * content type, a body or batch over its limit): one `refused` row naming the path asked, written as
 * a procedure's would be (the caller as its token shows it) with the hash of what was sent. Probing
 * for procedures leaves a trace like any other refusal. A failure to write is logged; the refusal stands.
 *
 * @example
 * await auditRefusal(services, { requestId, path: 'admin.nope', authorization, clientAddress, rawBody: '', appCode: 'NOT_FOUND' });
 */
export async function auditRefusal(services: NodeServices, refusal: Refusal): Promise<void> {
  const ctx = await createContext(services, refusal);
  const row = callRow(ctx, { recordIds: [] }, refusal.path.slice(0, MAX_PATH), sha256Hex(refusal.rawBody));
  try {
    await appendAuditRowAlone(services.db, { ...row, outcome: 'refused', errorCode: refusal.appCode });
  } catch (err) {
    ctx.log.error({ err }, 'auditing a refused request failed');
  }
}
