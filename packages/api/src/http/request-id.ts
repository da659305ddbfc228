import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/** The node's own id for a request: audit rows and logs are found by it, so callers never choose it. */
export function newRequestId(): string {
  return randomUUID();
}

/** A caller's well-formed `x-request-id`, kept beside ours for tracing across systems. */
export function correlationIdOf(req: IncomingMessage): string | undefined {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : undefined;
}
