import { appendAuditRowAlone } from '../audit/sql/append-audit-row.ts';
import { sha256Hex } from '../crypto/hash.ts';
import type { ErrorCode } from '../errors/index.ts';
import type { NodeServices } from '../node/node-services.ts';
import { isNodeToken } from '../sync/node-token.ts';

/** Longest path kept as an audit row's procedure (an unknown path is whatever the caller sent). */
const MAX_PATH = 200;

export interface Refusal {
  requestId: string;
  /** The procedure path asked for, as sent (a batch's paths joined by commas). */
  path: string;
  bearer: string | undefined;
  /** The body, or the GET `input`, as received (empty when it was not read). */
  rawBody: string;
  appCode: ErrorCode;
}

/**
 * Audits a tRPC request refused before any procedure took it (an unknown procedure, a wrong method or
 * content type, a body or batch over its limit): one `refused` row naming the path asked, the officer
 * whose token it carried if that token verifies, and the hash of what was sent. Probing for
 * procedures leaves a trace like any other refusal. A failure to write is logged; the refusal stands.
 *
 * @example
 * await auditRefusal(services, { requestId, path: 'admin.nope', bearer, rawBody: '', appCode: 'NOT_FOUND' });
 */
export async function auditRefusal(services: NodeServices, refusal: Refusal): Promise<void> {
  const { bearer } = refusal;
  const officer =
    bearer && !isNodeToken(bearer)
      ? await services.officers.identify(bearer).catch(() => undefined)
      : undefined;
  try {
    await appendAuditRowAlone(services.db, {
      at: services.clock.now(),
      nodeId: services.config.nodeId,
      actorType: officer ? 'officer' : 'anonymous',
      actorId: officer?.officerId ?? null,
      procedure: refusal.path.slice(0, MAX_PATH),
      recordIds: [],
      outcome: 'refused',
      errorCode: refusal.appCode,
      requestId: refusal.requestId,
      inputHash: sha256Hex(refusal.rawBody),
    });
  } catch (err) {
    services.log.error({ err, reqId: refusal.requestId }, 'auditing a refused request failed');
  }
}
