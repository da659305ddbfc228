import { readFileSync } from 'node:fs';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { isMigrated } from '@tiemeng/db';
import type { AnyProcedure } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { ConfigError, publicUrl } from '../config/node-config.ts';
import { type ErrorCode, errorData, TiemengError, toTiemengError } from '../errors/index.ts';
import type { NodeServices } from '../node/node-services.ts';
import { STARTING_RETRY_AFTER_SECONDS } from '../node/node-startup.ts';
import { openApiDocument } from '../openapi/openapi-document.ts';
import { appRouter } from '../routers/app-router.ts';
import { TRACEPARENT_HEADER, traceOf, withTrace } from '../tracing/trace-context.ts';
import { type Context, createContext } from '../trpc/context.ts';
import { NODE_VERSION } from '../version.ts';
import { auditRefusal, type Refusal } from './audit-refusal.ts';
import { clientAddressOf } from './client-address.ts';
import { ConsoleFiles } from './console-files.ts';
import { consoleCallOf } from './console-session.ts';
import { correlationIdOf, newRequestId, REQUEST_ID_HEADER } from './request-id.ts';

/** Largest request body accepted (a sync batch of signed entries is the biggest legitimate one). */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Most refusal audits tRPC's error hook may have under way at once (it cannot wait for them). */
const MAX_UNAWAITED_REFUSALS = 100;
/** Most calls one HTTP request may batch. */
export const MAX_BATCH_CALLS = 10;

/**
 * The Node request as tRPC's standalone adapter passes it to createContext, with what was read
 * before handing it over: `body` (which tRPC then parses instead of reading the stream again) and
 * the per-call facts the context needs.
 */
type TrpcRequest = IncomingMessage & {
  body?: string;
  call?: { requestId: string; rawBody: string; clientAddress: string; correlationId?: string };
};

/** Sign-in procedures, refused NODE_STARTING until the node is ready. */
const SIGN_INS: ReadonlySet<string> = new Set(['auth.login', 'auth.consoleLogin']);

/**
 * The node's HTTP surface: tRPC at /trpc (plain JSON), /healthz, /readyz, the JWKS, and the officer
 * console (`consoleDir`, see console-files.ts) at every other path a browser asks for.
 */
export function createHttpServer(services: NodeServices, options: { consoleDir?: string } = {}): Server {
  let unawaitedRefusals = 0;
  const { trustedProxies, corsOrigins } = services.config.http;
  let openApi: ReturnType<typeof openApiDocument> | undefined;
  const consoleFiles = new ConsoleFiles(options.consoleDir);
  const ownUrl = publicUrl(services.config, services.config.http.port);
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: MAX_BODY_BYTES,
    // Calls batched in one request (`?batch=1`) are each audited on their own; a batch stays small.
    maxBatchSize: MAX_BATCH_CALLS,
    // Refusals tRPC makes before any procedure runs; those made in a procedure are already audited.
    // The hook cannot wait, so a flood of them is bounded: beyond the cap they are logged, not audited.
    onError: ({ error, req, path }) => {
      if (error instanceof TiemengError || !UNROUTED.has(error.code)) return;
      const refusal = trpcRefusal(req as TrpcRequest, toTiemengError(error).appCode, path);
      if (unawaitedRefusals >= MAX_UNAWAITED_REFUSALS) {
        services.log.warn(
          { reqId: refusal.requestId, path: refusal.path },
          'refusal not audited: too many at once',
        );
        return;
      }
      unawaitedRefusals++;
      void auditRefusal(services, refusal).finally(() => {
        unawaitedRefusals--;
      });
    },
    createContext: ({ req }) => {
      const call = (req as TrpcRequest).call;
      return createContext(services, {
        requestId: call?.requestId ?? '',
        authorization: req.headers.authorization,
        rawBody: call?.rawBody ?? '',
        clientAddress: call?.clientAddress ?? clientAddressOf(req, trustedProxies),
        correlationId: call?.correlationId,
        console: consoleCallOf(req, ownUrl),
        mutation: req.method === 'POST',
      });
    },
    // The console's sign-in procedures set or clear its session cookie.
    // A throttled sign-in says when to try again in the standard header too.
    responseMeta: ({ ctx, errors }) => {
      const headers: Record<string, string> = {};
      const setCookie = (ctx as Context | undefined)?.console.setCookie;
      if (setCookie) headers['set-cookie'] = setCookie;
      const retryAfter = errors
        .map((e) => (e instanceof TiemengError ? e.details?.retryAfter : undefined))
        .find((s) => typeof s === 'number');
      if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
      return { headers };
    },
  });

  const handle = async (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    res.setHeader(REQUEST_ID_HEADER, requestId);
    for (const [name, value] of SECURITY_HEADER_LIST) res.setHeader(name, value);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    const corsAllowed = origin !== undefined && corsOrigins.includes(origin);
    if (corsAllowed) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-methods': 'GET, POST',
          'access-control-allow-headers': 'authorization, content-type, x-request-id',
          'access-control-max-age': '600',
        });
        return res.end();
      }
    }
    try {
      if (url.pathname.startsWith('/trpc/')) {
        // The raw body (or GET input) is kept because node tokens carry its hash.
        const trpcReq = req as TrpcRequest;
        const clientAddress = clientAddressOf(req, trustedProxies);
        const correlationId = correlationIdOf(req);
        trpcReq.call = { requestId, rawBody: '', clientAddress, correlationId };
        // Refused here, as tRPC would otherwise first complain about a missing content-type.
        if (req.method !== 'GET' && req.method !== 'POST') {
          await auditRefusal(services, trpcRefusal(trpcReq, 'METHOD_NOT_ALLOWED'));
          return wrongMethod(res, requestId, 'GET, POST');
        }
        // tRPC answers a POST to a subscription with a 200 event stream carrying the error, and
        // reports the refusal twice: it is a wrong method like any other.
        if (req.method === 'POST' && trpcPaths(trpcReq).some((p) => SUBSCRIPTIONS.has(p))) {
          await auditRefusal(services, trpcRefusal(trpcReq, 'METHOD_NOT_ALLOWED'));
          return wrongMethod(res, requestId, 'GET', 'A subscription is followed with GET');
        }
        if (req.method === 'POST') {
          const body = await readBody(req, MAX_BODY_BYTES);
          if (body === undefined) {
            await auditRefusal(services, trpcRefusal(trpcReq, 'BODY_TOO_LARGE'));
            return tooLarge(res, requestId);
          }
          // Refused here rather than by tRPC, whose answer could not name the request id.
          if (!isJson(req.headers['content-type'])) {
            await auditRefusal(services, trpcRefusal(trpcReq, 'UNSUPPORTED_MEDIA_TYPE'));
            return json(res, 415, refusal(new TiemengError('UNSUPPORTED_MEDIA_TYPE'), 415, requestId));
          }
          if (body === NOT_UTF8) {
            await auditRefusal(services, trpcRefusal(trpcReq, 'INVALID_INPUT'));
            return notUtf8(res, requestId);
          }
          trpcReq.body = body;
          trpcReq.call = { requestId, rawBody: body, clientAddress, correlationId };
        } else {
          if (!queryIsUtf8(req.url ?? '')) {
            await auditRefusal(services, trpcRefusal(trpcReq, 'INVALID_INPUT'));
            return notUtf8(res, requestId);
          }
          trpcReq.call = {
            requestId,
            rawBody: url.searchParams.get('input') ?? '',
            clientAddress,
            correlationId,
          };
        }
        // What tRPC would refuse before any procedure runs is refused here instead, so its audit row
        // is committed before the answer, as every other row is (tRPC's own refusals are audited
        // from a hook that cannot hold the answer back).
        const unrouted = unroutedProblem(trpcReq);
        if (unrouted) {
          await auditRefusal(services, trpcRefusal(trpcReq, unrouted.err.appCode));
          if (unrouted.allow) return wrongMethod(res, requestId, unrouted.allow, unrouted.err.message);
          return json(res, unrouted.status, refusal(unrouted.err, unrouted.status, requestId));
        }
        if (!services.startup.isReady && signsIn(trpcReq)) {
          await auditRefusal(services, trpcRefusal(trpcReq, 'NODE_STARTING'));
          const retryAfter = STARTING_RETRY_AFTER_SECONDS;
          const err = refusal(new TiemengError('NODE_STARTING', { details: { retryAfter } }), 503, requestId);
          // A batch (`?batch=1`, as the console sends) is answered call by call, as tRPC would.
          const calls = url.searchParams.get('batch') === '1' ? trpcPaths(trpcReq).length : 0;
          const body = calls ? Array.from({ length: calls }, () => err) : err;
          return json(res, 503, body, { 'retry-after': String(retryAfter) });
        }
        return trpc(trpcReq, res);
      }
      // HEAD too, for load balancers' health checks (Node sends the headers without the body).
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return wrongMethod(res, requestId, 'GET, HEAD', `Only GET is answered at ${url.pathname}`);
      }
      switch (url.pathname) {
        case '/healthz':
          return json(res, 200, { ok: true, node: services.config.nodeId });
        case '/readyz':
          return json(res, ...(await readiness(services)));
        case '/.well-known/jwks.json':
          return json(res, 200, services.keys.jwks, { 'cache-control': 'max-age=60' });
        case '/openapi.json':
          openApi ??= openApiDocument(NODE_VERSION);
          return json(res, 200, openApi, { 'cache-control': 'max-age=300' });
        default:
          if (await consoleFiles.serve(req, res, url.pathname)) return;
          return json(
            res,
            404,
            refusal(new TiemengError('NOT_FOUND', { message: `No ${url.pathname} here` }), 404, requestId),
          );
      }
    } catch (err) {
      services.log.error({ err, reqId: requestId }, 'http handler failed');
      if (!res.headersSent) json(res, 500, refusal(new TiemengError('INTERNAL'), 500, requestId));
    }
  };
  // Everything done for a request, logs and calls to partners included, runs in its trace.
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const requestId = newRequestId();
    return withTrace(traceOf(req.headers[TRACEPARENT_HEADER], requestId), () => handle(req, res, requestId));
  };
  const tls = services.config.http.tls;
  const server: Server = tls ? createHttpsServer(readTlsFiles(tls), handler) : createServer(handler);
  server.on('clientError', malformedRequest);
  const { requestTimeoutMs, headersTimeoutMs, keepAliveTimeoutMs } = services.config.http;
  server.requestTimeout = requestTimeoutMs;
  server.headersTimeout = Math.min(headersTimeoutMs, requestTimeoutMs);
  server.keepAliveTimeout = keepAliveTimeoutMs;
  return server;
}

/**
 * Sent with every answer. The API serves JSON only, so its default policy allows nothing to load or
 * frame it; a console page served by the node sets its own Content-Security-Policy over this one.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};

const SECURITY_HEADER_LIST = Object.entries(SECURITY_HEADERS);

/** The certificate and key of `http.tls`, read now (at start, and again on SIGHUP). */
export function readTlsFiles(tls: { certFile: string; keyFile: string }): { cert: string; key: string } {
  try {
    return { cert: readFileSync(tls.certFile, 'utf8'), key: readFileSync(tls.keyFile, 'utf8') };
  } catch (err) {
    throw new ConfigError(`cannot read http.tls files: ${(err as Error).message}`);
  }
}

/**
 * Reads the certificate and key again and serves new connections with them (a renewed certificate
 * needs no restart). False for a plain-HTTP server. Throws (keeping the old pair) when a file cannot be read.
 */
export function reloadTls(server: Server, tls: { certFile: string; keyFile: string } | undefined): boolean {
  if (!tls || !('setSecureContext' in server)) return false;
  (server as unknown as HttpsServer).setSecureContext(readTlsFiles(tls));
  return true;
}

/** tRPC's codes for requests no procedure took: unknown path, wrong method or content type, bad batch. */
const UNROUTED: ReadonlySet<string> = new Set([
  'NOT_FOUND',
  'METHOD_NOT_SUPPORTED',
  'UNSUPPORTED_MEDIA_TYPE',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
]);

/**
 * A refused tRPC request as its audit row needs it: the path asked (one call's, in a batch, where
 * tRPC names it), the credentials sent, what was sent.
 */
function trpcRefusal(req: TrpcRequest, appCode: ErrorCode, callPath?: string): Refusal {
  const asked = new URL(req.url ?? '/', 'http://localhost').pathname.slice('/trpc/'.length);
  let path = callPath ?? asked;
  if (callPath === undefined) {
    try {
      path = decodeURIComponent(asked);
    } catch {}
  }
  return {
    requestId: req.call?.requestId ?? '',
    path,
    authorization: req.headers.authorization,
    clientAddress: req.call?.clientAddress ?? 'unknown',
    correlationId: req.call?.correlationId,
    rawBody: req.call?.rawBody ?? '',
    appCode,
  };
}

/** Node's own answers to what its parser refuses, as status and message. */
const PARSER_REFUSALS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'The request line or headers are too large (at most 16 KB)'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'The chunk extensions are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'The request took too long to arrive'],
};

/**
 * A request Node's HTTP parser refused before any handler saw it gets the same typed error shape as
 * every other refusal, then the connection closes. As Node's default does, nothing is written when a
 * response on this connection has already begun.
 */
function malformedRequest(err: Error & { code?: string }, socket: Duplex): void {
  // Already answered and closing: the parser reports more errors for the bytes still arriving.
  if (socket.writableEnded) return;
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const [status, message] = PARSER_REFUSALS[err.code ?? ''] ?? [400, 'The HTTP request is malformed'];
    const requestId = newRequestId();
    const body = JSON.stringify(refusal(new TiemengError('INVALID_INPUT', { message }), status, requestId));
    const headers = Object.entries({ ...SECURITY_HEADERS, [REQUEST_ID_HEADER]: requestId })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
        `${headers}content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  }
  (socket as Socket).destroySoon();
}

/** The procedures a request calls (several in a batch). */
/**
 * The procedures followed as event streams (GET only). tRPC types `_def.procedures` as the nested
 * router; at run time it is the flat map by path.
 */
const SUBSCRIPTIONS: ReadonlySet<string> = new Set(
  Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>)
    .filter(([, procedure]) => procedure._def.type === 'subscription')
    .map(([path]) => path),
);

/** Each procedure's type, by path (tRPC types `_def.procedures` as the nested router; at run time it is flat). */
const PROCEDURE_TYPES: ReadonlyMap<string, string> = new Map(
  Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>).map(([path, p]) => [
    path,
    p._def.type,
  ]),
);
const METHOD_OF: Record<string, string> = { query: 'GET', mutation: 'POST', subscription: 'GET' };

/**
 * Why tRPC would refuse the request before any procedure takes it — too many calls batched, a path
 * no procedure has, a subscription in a batch, a method its procedure does not take — or undefined.
 * A path that does not decode is left to tRPC (its refusal is audited from the hook).
 */
function unroutedProblem(
  req: TrpcRequest,
): { err: TiemengError; status: number; allow?: string } | undefined {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const batch = url.searchParams.get('batch') === '1';
  let asked: string;
  try {
    asked = decodeURIComponent(url.pathname.slice('/trpc/'.length));
  } catch {
    return undefined;
  }
  const paths = batch ? asked.split(',') : [asked];
  if (paths.length > MAX_BATCH_CALLS) {
    const message = `Batch call exceeds maximum size (at most ${MAX_BATCH_CALLS} calls)`;
    return { err: new TiemengError('INVALID_INPUT', { message }), status: 400 };
  }
  for (const path of paths) {
    const type = PROCEDURE_TYPES.get(path);
    if (!type)
      return { err: new TiemengError('NOT_FOUND', { message: `No procedure ${path}` }), status: 404 };
    if (batch && type === 'subscription') {
      const message = `${path} is a subscription: it is followed alone, not batched`;
      return { err: new TiemengError('INVALID_INPUT', { message }), status: 400 };
    }
    const method = METHOD_OF[type]!;
    if (req.method !== method) {
      const message = `${path} is a ${type}: it is called with ${method}`;
      return { err: new TiemengError('METHOD_NOT_ALLOWED', { message }), status: 405, allow: method };
    }
  }
  return undefined;
}

function trpcPaths(req: TrpcRequest): string[] {
  return new URL(req.url ?? '/', 'http://localhost').pathname.slice('/trpc/'.length).split(',');
}

/** True when the request calls a sign-in procedure (alone or in a batch). */
function signsIn(req: TrpcRequest): boolean {
  return trpcPaths(req).some((p) => SIGN_INS.has(p));
}

/**
 * Ready once the node is usable by officers: its own start-up work done (the demo's seeding), the
 * database answering and migrated. isMigrated queries the database, so a connection failure
 * surfaces here as "unreachable".
 */
async function readiness(services: NodeServices): Promise<[number, unknown]> {
  if (!services.startup.isReady) return [503, { ready: false, reason: services.startup.heldFor }];
  try {
    const migrated = await isMigrated(services.db);
    return migrated ? [200, { ready: true }] : [503, { ready: false, reason: 'migrations pending' }];
  } catch {
    return [503, { ready: false, reason: 'database unreachable' }];
  }
}

/** True for `application/json`, with or without parameters (`; charset=utf-8`). */
function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/** A body that is not UTF-8: refused rather than stored with its bad bytes replaced. */
const NOT_UTF8 = Symbol('not UTF-8');
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** True when every percent-escape of the query decodes to well-formed UTF-8. */
function queryIsUtf8(requestUrl: string): boolean {
  const query = requestUrl.slice(requestUrl.indexOf('?') + 1 || requestUrl.length);
  // One pass over the whole query: neither `&`, `=` nor `+` can make an escape malformed.
  try {
    decodeURIComponent(query);
    return true;
  } catch {
    return false;
  }
}

/**
 * INVALID_INPUT for a request whose body or query is not UTF-8 (`decodeURIComponent` also throws on
 * a malformed escape, which is no better input).
 */
function notUtf8(res: ServerResponse, requestId: string): void {
  const err = new TiemengError('INVALID_INPUT', { message: 'The request is not valid UTF-8' });
  json(res, 400, refusal(err, 400, requestId));
}

/**
 * The body as text, or undefined when it exceeds `limit` bytes, or NOT_UTF8. An oversized body is still read (and
 * dropped) up to four times the limit, so the client, done sending, sees the 413 rather than a reset.
 */
async function readBody(req: IncomingMessage, limit: number): Promise<string | typeof NOT_UTF8 | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 4 * limit) return undefined;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  if (size > limit) return undefined;
  try {
    return utf8.decode(Buffer.concat(chunks));
  } catch {
    return NOT_UTF8;
  }
}

/**
 * The 413 for a body over the limit. Beyond four times the limit the body is left unread, so the
 * connection cannot carry another request.
 */
function tooLarge(res: ServerResponse, requestId: string): void {
  json(res, 413, refusal(new TiemengError('BODY_TOO_LARGE'), 413, requestId), { connection: 'close' });
}

function wrongMethod(res: ServerResponse, requestId: string, allow: string, message?: string): void {
  json(res, 405, refusal(new TiemengError('METHOD_NOT_ALLOWED', { message }), 405, requestId), { allow });
}

/** A refusal made before tRPC sees the request, shaped like tRPC's own error responses (-32600: invalid request). */
function refusal(err: TiemengError, httpStatus: number, requestId?: string) {
  return {
    error: {
      message: err.message,
      code: -32600,
      data: { code: err.code, httpStatus, ...(requestId ? { requestId } : {}), ...errorData(err) },
    },
  };
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** Starts listening; resolves with the bound port (0 picks a free one). */
export function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
