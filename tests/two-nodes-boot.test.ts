import { readJson, startTestPair, type TestPair } from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

describe('two nodes, two databases, one test', () => {
  let pair: TestPair;
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'));
  });
  afterAll(() => pair.destroy());

  it('each serves its own JWKS with an Ed25519 key named by kid', async () => {
    for (const node of [pair.zj, pair.fj]) {
      const res = await fetch(`${node.url}/.well-known/jwks.json`);
      expect(res.status).toBe(200);
      const { keys } = await readJson(res);
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
      expect(keys[0].kid).toMatch(new RegExp(`^${node.services.config.nodeId}\\.`));
      expect(keys[0].d).toBeUndefined();
    }
  });

  it('reports health and readiness, with a request id of its own whatever the caller sent', async () => {
    const health = await fetch(`${pair.zj.url}/healthz`);
    expect(await health.json()).toEqual({ ok: true, node: 'zj-taishun' });
    const ready = await fetch(`${pair.fj.url}/readyz`, { headers: { 'x-request-id': 'trace-42' } });
    expect(ready.status).toBe(200);
    // The caller's id is a correlation id only (kept in logs and audit rows); the node names the request.
    expect(ready.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps officers apart: a token from one node is not valid on the other', async () => {
    const login = await fetch(`${pair.zj.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'zj.duty', password: 'tiemeng-demo' }),
    });
    const { token } = (await readJson(login)).result.data;
    const mine = await fetch(`${pair.zj.url}/trpc/auth.me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(mine.status).toBe(200);
    const theirs = await fetch(`${pair.fj.url}/trpc/auth.me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(theirs.status).toBe(401);
  });

  it('answers unknown input with a typed error and no stack, mutations to GET with 405', async () => {
    const res = await fetch(`${pair.zj.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username": 42',
    });
    expect(res.status).toBe(400);
    const body = await readJson(res);
    expect(body.error.data.appCode).toBe('INVALID_INPUT');
    expect(JSON.stringify(body)).not.toContain('stack');
  });
});
