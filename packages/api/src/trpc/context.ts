import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { OfficerIdentity } from '../auth/officer-token.ts';
import { TiemengError } from '../errors/index.ts';
import type { NodeServices } from '../node/node-services.ts';
import { isNodeToken } from '../peer/node-token.ts';

/** What a procedure adds for its audit row. */
export interface AuditNotes {
  recordIds: string[];
  /** Overrides the actor id (e.g. the username attempted at sign-in). */
  actorId?: string;
  /** The calling peer node, once its token's signature is verified (even if the call is then refused). */
  node?: string;
  /** What the call states for the record, kept in the audit row (e.g. the reason for a reveal). */
  note?: string;
}

export interface Context {
  services: NodeServices;
  /** The database handle to use: inside mutations, the call's transaction. */
  db: Kysely<Database>;
  requestId: string;
  /** The client's address (the socket's, or a trusted proxy's `X-Forwarded-For`); sign-in is throttled by it. */
  clientAddress: string;
  /** The caller's own `x-request-id`, kept beside ours in the audit row for correlation. */
  correlationId: string | undefined;
  log: Logger;
  officer: OfficerIdentity | undefined;
  /** Why the bearer token was not accepted, reported only if the procedure needs a signed-in officer. */
  authError: TiemengError | undefined;
  /** What the call adds for its audit row: each call's own, from the audit middleware (batched calls share the rest). */
  audit: AuditNotes;
  /** The raw request body (POST) or `input` query value (GET), which a node token's hash covers. */
  rawBody: string;
  /** The bearer token as sent, for procedures that verify node tokens. */
  bearer: string | undefined;
  /** The calling peer node, once its node token is verified. */
  peer: string | undefined;
  /** The browser console's session facts; nothing for the SDK, the CLI and in-process callers. */
  console: ConsoleCall;
}

/** What a call from the browser console brings and takes back (see http/console-session.ts). */
export interface ConsoleCall {
  /** The session cookie's officer token, if one was sent. */
  sessionToken: string | undefined;
  /** The request comes from the console page itself (its header, no cross-site Origin or Sec-Fetch-Site). */
  sameOrigin: boolean;
  /** Served over HTTPS: the cookie is marked Secure. */
  secure: boolean;
  /** The `Set-Cookie` the answer carries, set by the console's sign-in procedures. */
  setCookie: string | undefined;
}

/** The client address of in-process calls (the demo seeder, tests). */
export const IN_PROCESS_ADDRESS = 'in-process';

/** The context of an officer procedure: the signed-in officer is known (the middleware narrowed it). */
export type OfficerContext = Context & { officer: OfficerIdentity };

/** The context of a call before anyone is identified: over HTTP, or in-process (`callerFor`). */
export function baseContext(
  services: NodeServices,
  call: {
    requestId: string;
    log: Logger;
    rawBody?: string;
    bearer?: string;
    clientAddress?: string;
    correlationId?: string;
  },
): Context {
  return {
    services,
    db: services.db,
    requestId: call.requestId,
    clientAddress: call.clientAddress ?? IN_PROCESS_ADDRESS,
    correlationId: call.correlationId,
    log: call.log,
    officer: undefined,
    authError: undefined,
    audit: { recordIds: [] },
    rawBody: call.rawBody ?? '',
    bearer: call.bearer,
    peer: undefined,
    console: { sessionToken: undefined, sameOrigin: false, secure: false, setCookie: undefined },
  };
}

/** The token of an `Authorization: Bearer …` header, if that is what it holds. */
function bearerOf(authorization: string | undefined): string | undefined {
  return authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
}

/**
 * Builds the per-call context from the HTTP request's bearer token or, without one, the console's
 * session cookie. A change (`mutation`) made by cookie must come from the console page itself:
 * otherwise the officer is not identified and the call is refused CSRF_REFUSED.
 */
export async function createContext(
  services: NodeServices,
  request: {
    requestId: string;
    authorization: string | undefined;
    rawBody?: string;
    clientAddress: string;
    correlationId?: string;
    console?: Omit<ConsoleCall, 'setCookie'>;
    mutation?: boolean;
  },
): Promise<Context> {
  const bearer = bearerOf(request.authorization);
  const base = baseContext(services, {
    requestId: request.requestId,
    clientAddress: request.clientAddress,
    correlationId: request.correlationId,
    // The request's trace (set by the HTTP server) puts its request id and trace id on every line;
    // a caller's own id is added when it sent one.
    log: request.correlationId ? services.log.child({ correlationId: request.correlationId }) : services.log,
    rawBody: request.rawBody,
    bearer,
  });
  if (request.console) base.console = { ...request.console, setCookie: undefined };
  const byCookie = bearer ? undefined : request.console?.sessionToken;
  const token = bearer ?? byCookie;
  if (!token) return base;
  if (byCookie && request.mutation && !base.console.sameOrigin)
    return { ...base, authError: new TiemengError('CSRF_REFUSED') };
  // A token verified before needs no more work on this call.
  const known = services.officers.known(token);
  if (known) return { ...base, officer: known };
  // Node tokens are verified by the node procedures; only officer tokens are checked here.
  if (isNodeToken(token)) return base;
  try {
    return { ...base, officer: await services.officers.identify(token) };
  } catch (err) {
    return { ...base, authError: err as TiemengError };
  }
}
