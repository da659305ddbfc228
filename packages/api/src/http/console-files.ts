import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The console's build in this repository (`npm run build -w @tiemeng/web`). */
export const DEFAULT_CONSOLE_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../web/dist',
);

/** The console is our own files only: no inline script or style, nothing from elsewhere, never framed. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers of every console answer. */
export const CONSOLE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
/** Types worth compressing on the wire. */
const TEXTUAL = /^(text\/|application\/(json|manifest)|image\/svg)/;

/** Paths that are the node's own, never the console's. */
const NODE_PATHS = /^\/(trpc|healthz|readyz|\.well-known)(\/|$)/;

interface CachedFile {
  mtimeMs: number;
  body: Buffer;
  gzipped: Buffer | undefined;
}

/**
 * Serves the built console (`packages/web/dist`) at `/`: hashed files under `/assets/` cached for a
 * year, other files of the build's root as they are, and `index.html` for any other page a browser
 * asks for (the console routes in the page). A request that does not accept HTML (an API client on a
 * wrong path) is not answered here, so it keeps its typed 404. A node whose console is not built
 * answers browsers with a page saying how to build it.
 */
export class ConsoleFiles {
  readonly #dir: string;
  readonly #cache = new Map<string, CachedFile>();

  constructor(dir: string = DEFAULT_CONSOLE_DIR) {
    this.#dir = path.resolve(dir);
  }

  /** Answers a GET or HEAD when it is the console's; false when the caller should answer instead. */
  async serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    if (NODE_PATHS.test(pathname)) return false;
    const file = this.#fileOf(pathname);
    if (pathname.startsWith('/assets/')) {
      return file ? this.#send(req, res, file, IMMUTABLE) : false;
    }
    if (file && path.dirname(file) === this.#dir && (await isFile(file))) {
      return this.#send(req, res, file, 'no-cache');
    }
    if (!acceptsHtml(req)) return false;
    const index = path.join(this.#dir, 'index.html');
    if (await this.#send(req, res, index, 'no-cache')) return true;
    res.writeHead(404, {
      ...CONSOLE_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
    });
    res.end(NOT_BUILT);
    return true;
  }

  /** The file a path names inside the build, or undefined when it would lead outside it. */
  #fileOf(pathname: string): string | undefined {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0')) return undefined;
    const file = path.resolve(this.#dir, `.${decoded}`);
    return file.startsWith(this.#dir + path.sep) ? file : undefined;
  }

  async #send(
    req: IncomingMessage,
    res: ServerResponse,
    file: string,
    cacheControl: string,
  ): Promise<boolean> {
    const cached = await this.#read(file);
    if (!cached) return false;
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    const gzip =
      cached.gzipped !== undefined && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? cached.gzipped! : cached.body;
    res.writeHead(200, {
      ...CONSOLE_HEADERS,
      'content-type': type,
      'cache-control': cacheControl,
      'content-length': body.length,
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(body);
    return true;
  }

  /** A file's bytes (and gzip of text), read again only when it changed (a rebuilt console). */
  async #read(file: string): Promise<CachedFile | undefined> {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const cached = this.#cache.get(file);
    if (cached && cached.mtimeMs === info.mtimeMs) return cached;
    const body = await readFile(file);
    const textual = TEXTUAL.test(TYPES[path.extname(file)] ?? '');
    const fresh = {
      mtimeMs: info.mtimeMs,
      body,
      gzipped: textual && body.length > 1024 ? gzipSync(body) : undefined,
    };
    this.#cache.set(file, fresh);
    return fresh;
  }
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}

function acceptsHtml(req: IncomingMessage): boolean {
  return /\btext\/html\b/.test(String(req.headers.accept ?? ''));
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tiemeng node</title></head>
<body><h1>The console is not built</h1>
<p>This Tiemeng node serves its API at <code>/trpc</code>. To serve the officer console here too, build it
in the repository with <code>npm run build -w @tiemeng/web</code> (<code>npm start</code> does this for the demo).</p>
<p lang="zh-CN">工作台尚未构建：请在代码仓库中运行 <code>npm run build -w @tiemeng/web</code>。</p>
</body></html>
`;
