import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isMigrated } from '@tiemeng/db';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { sql } from 'kysely';
import { errorCodes } from '../errors/index.ts';
import type { NodeServices } from '../node/node-services.ts';
import { appRouter } from '../routers/app-router.ts';
import { createContext } from '../trpc/context.ts';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id.ts';

/** Largest request body accepted (a sync batch of signed entries is the biggest legitimate one). */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Per-call facts for the tRPC context, keyed by the response (tRPC hands createContext a fetch Request). */
const calls = new WeakMap<ServerResponse, { requestId: string; rawBody: string }>();

/**
 * The node's HTTP surface: tRPC at /trpc (plain JSON), /healthz, /readyz and the JWKS.
 */
export function createHttpServer(services: NodeServices): Server {
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: MAX_BODY_BYTES,
    createContext: ({ req, res }) =>
      createContext(services, {
        requestId: calls.get(res)?.requestId ?? '',
        authorization: req.headers.authorization,
        rawBody: calls.get(res)?.rawBody ?? '',
      }),
  });

  return createServer(async (req, res) => {
    const requestId = requestIdOf(req);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (url.pathname.startsWith('/trpc/')) {
        // The raw body (or GET input) is kept because node tokens carry its hash.
        if (req.method === 'POST') {
          const body = await readBody(req, MAX_BODY_BYTES);
          if (body === undefined) return tooLarge(res, requestId);
          (req as IncomingMessage & { body?: string }).body = body;
          calls.set(res, { requestId, rawBody: body });
        } else {
          calls.set(res, { requestId, rawBody: url.searchParams.get('input') ?? '' });
        }
        return trpc(req, res);
      }
      if (req.method !== 'GET') return json(res, 405, { error: 'method not allowed' });
      switch (url.pathname) {
        case '/healthz':
          return json(res, 200, { ok: true, node: services.config.nodeId });
        case '/readyz':
          return json(res, ...(await readiness(services)));
        case '/.well-known/jwks.json':
          return json(res, 200, services.keys.jwks, { 'cache-control': 'max-age=60' });
        default:
          return json(res, 404, { error: 'not found' });
      }
    } catch (err) {
      services.log.error({ err, reqId: requestId }, 'http handler failed');
      if (!res.headersSent) json(res, 500, { error: 'internal error', requestId });
    }
  });
}

async function readiness(services: NodeServices): Promise<[number, unknown]> {
  try {
    await sql`select 1`.execute(services.db);
    const migrated = await isMigrated(services.db);
    return migrated ? [200, { ready: true }] : [503, { ready: false, reason: 'migrations pending' }];
  } catch {
    return [503, { ready: false, reason: 'database unreachable' }];
  }
}

/** The body as text, or undefined when it exceeds `limit` bytes. */
async function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(res: ServerResponse, requestId: string): void {
  json(res, 413, {
    error: {
      message: errorCodes.BATCH_TOO_LARGE.en,
      code: -32600,
      data: {
        code: 'PAYLOAD_TOO_LARGE',
        httpStatus: 413,
        requestId,
        appCode: 'BATCH_TOO_LARGE',
        messageZh: errorCodes.BATCH_TOO_LARGE.zh,
      },
    },
  });
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
