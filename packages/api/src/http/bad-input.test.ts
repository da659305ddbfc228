import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { actAs, callerFor, rowCount, startTestNode, type TestNode } from '../testing/index.ts';

interface ErrorBody {
  error: { message: string; data: { httpStatus: number; appCode: string; messageZh: string } };
}

/**
 * A careless or hostile client of the Taishun node, over real HTTP: whatever it sends, it gets a
 * typed error with a stable code and a message, and nothing changes.
 */
describe('bad input gets a typed error and changes nothing', () => {
  let node: TestNode;
  /** An officer's token: officers may file and list requests and follow the live feed. */
  let token: string;
  const call = async (path: string, init: RequestInit & { input?: unknown } = {}) => {
    const res = await send(path, init);
    return { status: res.status, body: (await res.json()) as ErrorBody };
  };
  const send = (path: string, init: RequestInit & { input?: unknown }) => {
    const { input, ...rest } = init;
    const url =
      input === undefined
        ? `${node.url}/trpc/${path}`
        : `${node.url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;
    return fetch(url, {
      ...rest,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...rest.headers },
    });
  };
  const post = (path: string, body: string) => call(path, { method: 'POST', body });
  const records = () => rowCount(node.services.db.selectFrom('record_projection'));

  beforeAll(async () => {
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
    ({ token } = await callerFor(node.services).auth.login({
      username: 'zj.officer',
      password: 'tiemeng-demo',
    }));
  });
  afterAll(() => node.destroy());

  const request = {
    requestingStation: 'zj-luoyang',
    addressedStation: 'fj-xixi',
    category: 'vehicle_check',
    priority: 'normal',
    title: '核查车辆',
    details: 'plate 浙C·12345',
  };

  it.each([
    [
      'a NUL character in a title',
      JSON.stringify({ ...request, title: 'a\u0000b' }),
      'title contains a NUL character',
    ],
    [
      'a lone surrogate in a title',
      JSON.stringify({ ...request, title: 'a\ud800b' }),
      'title contains ill-formed Unicode',
    ],
    [
      'a number beyond JSON range',
      JSON.stringify(request).replace('{', '{"extra":1e99999,'),
      'extra is a number out of range',
    ],
  ])('%s: 400 INVALID_INPUT naming the field, nothing filed', async (_, body, message) => {
    const before = await records();
    const res = await post('assistance.file', body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ message, data: { appCode: 'INVALID_INPUT' } });
    expect(await records()).toBe(before);
  });

  it('a sign-in with ill-formed Unicode is refused as input, and audited', async () => {
    const res = await post('auth.login', '{"username":"zj.\\ud800","password":"tiemeng-demo"}');
    expect(res).toMatchObject({ status: 400, body: { error: { data: { appCode: 'INVALID_INPUT' } } } });
    const [row] = await node.services.db
      .selectFrom('audit_log')
      .select(['procedure', 'error_code'])
      .orderBy('id', 'desc')
      .limit(1)
      .execute();
    expect(row).toEqual({ procedure: 'auth.login', error_code: 'INVALID_INPUT' });
  });

  it('a caller not signed in is refused as such, whatever its input holds', async () => {
    const res = await call('assistance.list', {
      input: { text: 'a\u0000b' },
      headers: { authorization: '' },
    });
    expect(res).toMatchObject({ status: 401, body: { error: { data: { appCode: 'UNAUTHENTICATED' } } } });
    const [row] = await node.services.db
      .selectFrom('audit_log')
      .select(['procedure', 'outcome', 'error_code'])
      .orderBy('id', 'desc')
      .limit(1)
      .execute();
    expect(row).toEqual({ procedure: 'assistance.list', outcome: 'refused', error_code: 'UNAUTHENTICATED' });
  });

  it('list cursors it did not make are refused: a forged id, a year PostgreSQL cannot hold', async () => {
    const forged = (s: string) => Buffer.from(s).toString('base64url');
    for (const cursor of [
      forged('2025-01-01T00:00:00.000Z|abc'),
      forged('-271821-04-20T00:00:00.000Z|0193e0a4-7d2c-7000-8000-000000000000'),
      'not a cursor',
    ]) {
      const res = await call('assistance.list', { input: { cursor } });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ message: 'Bad cursor', data: { appCode: 'INVALID_INPUT' } });
    }
  });

  it('audit.list filters by record id', async () => {
    const filed = await (await actAs(node, 'zj.officer')).assistance.file(request as never);
    const auditor = await actAs(node, 'zj.auditor');
    const { items } = await auditor.audit.list({ recordId: filed.id, limit: 10 });
    expect(items.map((i) => i.procedure)).toEqual(['assistance.file']);
  });

  it.each([
    '99999999999999999999999999',
    '99999999999999999999-1', // beyond PostgreSQL's xid8
  ])('a live feed resumed from an event id out of range (%s) is refused as input', async (lastEventId) => {
    const controller = new AbortController();
    const res = await send('feed.live', { input: { lastEventId }, signal: controller.signal });
    // The stream's first event is the error; read until it has arrived, then hang up.
    const errorEvent = /event: serialized-error\ndata: (.*)\n/;
    let text = '';
    const decoder = new TextDecoder();
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      if (errorEvent.test(text)) break;
    }
    controller.abort();
    const data = JSON.parse(errorEvent.exec(text)![1]!) as ErrorBody['error'];
    expect(data.data.appCode).toBe('INVALID_INPUT');
  });

  it('a wrong method is METHOD_NOT_ALLOWED, a body that is not JSON UNSUPPORTED_MEDIA_TYPE', async () => {
    const get = await call('assistance.file', { input: request });
    expect(get.status).toBe(405);
    expect(get.body.error.data).toMatchObject({
      appCode: 'METHOD_NOT_ALLOWED',
      messageZh: expect.any(String),
    });
    const text = await call('assistance.file', {
      method: 'POST',
      body: 'title=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect(text.body.error.data.appCode).toBe('UNSUPPORTED_MEDIA_TYPE');
    for (const method of ['DELETE', 'PUT', 'OPTIONS']) {
      const res = await fetch(`${node.url}/trpc/auth.me`, { method });
      expect([method, res.status, res.headers.get('allow')]).toEqual([method, 405, 'GET, POST']);
      expect(((await res.json()) as ErrorBody).error.data.appCode).toBe('METHOD_NOT_ALLOWED');
    }
  });

  // Found by the procedure fuzz: tRPC answered 200 with an event stream carrying the error, and
  // audited the refusal twice.
  it('a POST to the live feed is a wrong method too: 405, allow GET, one audit row', async () => {
    const res = await send('feed.live', { method: 'POST', body: '{}' });
    expect([res.status, res.headers.get('allow')]).toEqual([405, 'GET']);
    expect(((await res.json()) as ErrorBody).error.data.appCode).toBe('METHOD_NOT_ALLOWED');
    const rows = node.services.db
      .selectFrom('audit_log')
      .where('request_id', '=', res.headers.get('x-request-id')!);
    expect(await rowCount(rows)).toBe(1);
  });

  it('requests refused before any procedure took them are audited before the answer, naming the path asked', async () => {
    // Read as soon as the answer is in: the row must already be committed.
    const auditOf = (res: Response) =>
      node.services.db
        .selectFrom('audit_log')
        .select(['procedure', 'actor_id', 'outcome', 'error_code'])
        .where('request_id', '=', res.headers.get('x-request-id')!)
        .execute();
    const headers = { authorization: `Bearer ${token}` };
    const probe = await fetch(`${node.url}/trpc/admin.dropEverything`, { headers });
    expect(probe.status).toBe(404);
    const [officer] = await node.services.db
      .selectFrom('officer')
      .select('id')
      .where('username', '=', 'zj.officer')
      .execute();
    expect(await auditOf(probe)).toEqual([
      {
        procedure: 'admin.dropEverything',
        actor_id: officer!.id,
        outcome: 'refused',
        error_code: 'NOT_FOUND',
      },
    ]);
    const deleted = await fetch(`${node.url}/trpc/assistance.file`, { method: 'DELETE' });
    expect(await auditOf(deleted)).toMatchObject([
      { procedure: 'assistance.file', actor_id: null, error_code: 'METHOD_NOT_ALLOWED' },
    ]);
    const asText = await fetch(`${node.url}/trpc/assistance.file`, {
      method: 'POST',
      body: 'title=x',
      headers: { ...headers, 'content-type': 'text/plain' },
    });
    expect(await auditOf(asText)).toMatchObject([{ error_code: 'UNSUPPORTED_MEDIA_TYPE' }]);
    // A mutation asked with GET, a query posted, a feed in a batch, too many calls in one batch.
    const got = await fetch(`${node.url}/trpc/assistance.file?input=%7B%7D`, { headers });
    expect([got.status, got.headers.get('allow')]).toEqual([405, 'POST']);
    expect(await auditOf(got)).toMatchObject([
      { procedure: 'assistance.file', actor_id: officer!.id, error_code: 'METHOD_NOT_ALLOWED' },
    ]);
    const posted = await send('auth.me', { method: 'POST', body: '{}' });
    expect([posted.status, posted.headers.get('allow')]).toEqual([405, 'GET']);
    expect(await auditOf(posted)).toMatchObject([{ procedure: 'auth.me', error_code: 'METHOD_NOT_ALLOWED' }]);
    const batchedFeed = await fetch(`${node.url}/trpc/feed.live?batch=1&input=%7B%7D`, { headers });
    expect(batchedFeed.status).toBe(400);
    expect(((await batchedFeed.json()) as ErrorBody).error.data.appCode).toBe('INVALID_INPUT');
    expect(await auditOf(batchedFeed)).toMatchObject([
      { procedure: 'feed.live', error_code: 'INVALID_INPUT' },
    ]);
    const many = Array.from({ length: 11 }, () => 'auth.me').join(',');
    const tooMany = await fetch(`${node.url}/trpc/${many}?batch=1&input=%7B%7D`, { headers });
    expect(tooMany.status).toBe(400);
    expect(await auditOf(tooMany)).toMatchObject([{ procedure: many, error_code: 'INVALID_INPUT' }]);
  });

  it('outside /trpc too, a wrong path or method gets the same typed shape', async () => {
    const nowhere = await fetch(`${node.url}/nowhere`);
    expect(nowhere.status).toBe(404);
    expect(((await nowhere.json()) as ErrorBody).error.data).toMatchObject({
      appCode: 'NOT_FOUND',
      httpStatus: 404,
    });
    const posted = await fetch(`${node.url}/healthz`, { method: 'POST' });
    expect([posted.status, posted.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    expect(((await posted.json()) as ErrorBody).error.message).toBe('Only GET is answered at /healthz');
    expect((await fetch(`${node.url}/healthz`, { method: 'HEAD' })).status).toBe(200);
  });

  it('bytes that are not UTF-8 are refused as INVALID_INPUT, never stored with replacement characters', async () => {
    const before = await rowCount(
      node.services.db.selectFrom('audit_log').where('error_code', '=', 'INVALID_INPUT'),
    );
    const body = Buffer.concat([
      Buffer.from('{"username":"zj.'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('","password":"x"}'),
    ]);
    const res = await fetch(`${node.url}/trpc/auth.login`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.data).toMatchObject({
      appCode: 'INVALID_INPUT',
      requestId: res.headers.get('x-request-id'),
    });
    const query = await fetch(`${node.url}/trpc/assistance.list?input=%7B%22text%22%3A%22%FF%FE%22%7D`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(query.status).toBe(400);
    expect(((await query.json()) as ErrorBody).error.data.appCode).toBe('INVALID_INPUT');
    expect(
      await rowCount(node.services.db.selectFrom('audit_log').where('error_code', '=', 'INVALID_INPUT')),
    ).toBe(before + 2);
  });

  it('a single 20 MB body is named a body over the limit (BODY_TOO_LARGE), not a batch', async () => {
    const res = await call('auth.login', { method: 'POST', body: 'x'.repeat(20 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.error.data).toMatchObject({
      appCode: 'BODY_TOO_LARGE',
      messageZh: '请求体过大（最多 4 MB）',
    });
  });

  it('a URL over 16 KB gets the typed error shape too (431), not a bare parser refusal', async () => {
    const res = await call('assistance.list', { input: { text: 'x'.repeat(20 * 1024) } });
    expect(res.status).toBe(431);
    expect(res.body.error).toMatchObject({ data: { appCode: 'INVALID_INPUT', httpStatus: 431 } });
    expect(res.body.error.message).toMatch(/too large/);
  });

  it('every error answer names its request id and carries the security headers, 413, 415 and 431 included', async () => {
    const answers = [
      await send('auth.login', { method: 'POST', body: 'x'.repeat(5 * 1024 * 1024) }),
      await send('assistance.file', {
        method: 'POST',
        body: 'title=x',
        headers: { 'content-type': 'text/plain' },
      }),
      await send('assistance.list', { input: { text: 'x'.repeat(20 * 1024) } }),
      await send('no.such', {}),
      await fetch(`${node.url}/nowhere`),
    ];
    expect(answers.map((r) => r.status)).toEqual([413, 415, 431, 404, 404]);
    for (const res of answers) {
      const body = (await res.json()) as ErrorBody & { error: { data: { requestId?: string } } };
      expect([res.status, typeof body.error.data.requestId]).toEqual([res.status, 'string']);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toMatch(
        /default-src 'none'.*frame-ancestors 'none'/,
      );
    }
    const ok = await fetch(`${node.url}/healthz`);
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(ok.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  });

  it('CORS stays closed: no allow-origin for another origin, and a preflight is refused', async () => {
    const res = await fetch(`${node.url}/trpc/auth.me`, { headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${node.url}/trpc/auth.login`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.status).toBe(405);
  });

  it('bytes that are not HTTP get a typed 400 and the connection closes', async () => {
    const socket = net.connect(node.port, '127.0.0.1');
    socket.end('HELLO TIEMENG\r\n\r\n');
    let answer = '';
    for await (const chunk of socket) answer += chunk;
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as ErrorBody;
    expect(body.error.data).toMatchObject({ appCode: 'INVALID_INPUT', httpStatus: 400 });
  });

  it('after a body over the limit is refused, the client can go on calling', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, body?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(`${node.url}${path}`, { method, agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
      });
    const tooLarge = () =>
      rowCount(node.services.db.selectFrom('audit_log').where('error_code', '=', 'BODY_TOO_LARGE'));
    const before = await tooLarge();
    try {
      expect(await send('POST', '/trpc/auth.login', 'x'.repeat(5 * 1024 * 1024))).toBe(413);
      expect(await tooLarge()).toBe(before + 1);
      expect(await send('GET', '/healthz')).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});
