import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, startTestNode, type TestNode } from '../testing/index.ts';

const consoleOrigin = 'https://consoleOrigin.taishun.example';

describe('CORS opens only to the origins the config names', () => {
  let node: TestNode;
  beforeAll(async () => {
    const port = await freePort();
    node = await startTestNode({
      serverUrl: inject('testServerUrl'),
      side: 'zj',
      port,
      extra: { http: { host: '127.0.0.1', port, corsOrigins: [consoleOrigin] } },
    });
  });
  afterAll(() => node.destroy());

  it('a named origin gets its preflight answered and may read answers; any other gets nothing', async () => {
    const preflight = await fetch(`${node.url}/trpc/auth.login`, {
      method: 'OPTIONS',
      headers: { origin: consoleOrigin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(consoleOrigin);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST');
    const read = await fetch(`${node.url}/healthz`, { headers: { origin: consoleOrigin } });
    expect(read.headers.get('access-control-allow-origin')).toBe(consoleOrigin);

    const other = await fetch(`${node.url}/trpc/auth.login`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect([other.status, other.headers.get('access-control-allow-origin')]).toEqual([405, null]);
  });
});
