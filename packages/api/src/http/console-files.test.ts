import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readJson, startTestNode, type TestNode } from '../testing/index.ts';
import { CONSOLE_CSP } from './console-files.ts';

const html = { accept: 'text/html,application/xhtml+xml' };
const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/app-3f9a1c.js"></script></head></html>';
const APP = `console.log(${JSON.stringify('x'.repeat(4096))});`;

describe('the officer console served by the node at /', () => {
  let dir: string;
  let node: TestNode;
  let bare: TestNode;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tiemeng-console-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), INDEX);
    await writeFile(path.join(dir, 'assets/app-3f9a1c.js'), APP);
    await writeFile(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(path.join(dir, '..', 'outside.txt'), 'not the console').catch(() => {});
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj', consoleDir: dir });
    bare = await startTestNode({
      serverUrl: inject('testServerUrl'),
      side: 'fj',
      consoleDir: path.join(dir, 'never-built'),
    });
  });
  afterAll(async () => {
    await Promise.all([node.destroy(), bare.destroy()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('answers a page with index.html under a strict policy, never cached, for any console route', async () => {
    for (const page of ['/', '/desk', '/requests/0193a2b4-0000-7000-8000-000000000001', '/admin?tab=x']) {
      const res = await fetch(`${node.url}${page}`, { headers: html });
      expect(res.status, page).toBe(200);
      expect(await res.text()).toBe(INDEX);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect(CONSOLE_CSP).toContain("frame-ancestors 'none'");
    expect(CONSOLE_CSP).toContain("script-src 'self';");
    expect(CONSOLE_CSP).not.toContain('unsafe');
  });

  it('serves hashed assets for a year (gzip when asked) and other build files uncached', async () => {
    const js = await fetch(`${node.url}/assets/app-3f9a1c.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-encoding')).toBe('gzip'); // fetch asks for it and unpacks it
    expect(await js.text()).toBe(APP);
    const icon = await fetch(`${node.url}/favicon.svg`);
    expect([icon.status, icon.headers.get('content-type'), icon.headers.get('cache-control')]).toEqual([
      200,
      'image/svg+xml',
      'no-cache',
    ]);
    const head = await fetch(`${node.url}/assets/app-3f9a1c.js`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
  });

  it('keeps typed 404s for missing assets, API clients on wrong paths, and paths leading outside the build', async () => {
    for (const [page, headers] of [
      ['/assets/app-000000.js', html],
      ['/nowhere', {}],
      ['/.well-known/other', html],
      ['/assets/..%2F..%2Foutside.txt', html],
      ['/..%2Foutside.txt', {}],
    ] as const) {
      const res = await fetch(`${node.url}${page}`, { headers });
      expect(res.status, page).toBe(404);
      expect((await readJson(res)).error.data.appCode, page).toBe('NOT_FOUND');
    }
    // Dot segments are resolved before anything is looked up: at worst the console's own page.
    const climbed = await rawGet(node.url, '/assets/../../outside.txt');
    expect(climbed).not.toContain('not the console');
    // The API and the node's own paths are untouched.
    expect((await readJson(await fetch(`${node.url}/healthz`, { headers: html }))).ok).toBe(true);
    expect((await fetch(`${node.url}/.well-known/jwks.json`, { headers: html })).status).toBe(200);
  });

  it('a node whose console is not built still runs and tells a browser how to build it', async () => {
    const res = await fetch(`${bare.url}/desk`, { headers: html });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(await res.text()).toContain('npm run build -w @tiemeng/web');
    expect((await fetch(`${bare.url}/readyz`)).status).toBe(200);
  });
});

/** A GET with the path sent exactly as written (fetch would resolve its dot segments first). */
function rawGet(base: string, rawPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    get({ host: url.hostname, port: url.port, path: rawPath, headers: html }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}
