import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompactSign, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sha256Hex } from '../crypto/hash.ts';
import { ENTRY_TYP, freePort, rowCount, startTestNode, type TestNode } from '../testing/index.ts';
import { applyEntries } from './apply-entries.ts';

const ZJ = 'zj-taishun';
const FJ = 'fj-shouning';

/** A partner's JWKS URL where nothing listens, or where a proxy answers 503 for it. */
const keySets = {
  'cannot be reached': async () => ({ url: `http://127.0.0.1:${await freePort()}`, close: () => {} }),
  'answers 503': async () => {
    const server = createServer((_req, res) => res.writeHead(503).end('busy'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
  },
};

/** The partner's keys come from its JWKS, and that cannot be fetched: nothing says its entries are forged. */
describe.each(Object.entries(keySets))('a partner whose key set %s', (_, keySet) => {
  let zj: TestNode;
  let key: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  let jwks: Awaited<ReturnType<(typeof keySets)[keyof typeof keySets]>>;
  beforeAll(async () => {
    jwks = await keySet();
    zj = await startTestNode({
      serverUrl: inject('testServerUrl'),
      side: 'zj',
      delivery: false,
      extra: { peers: [{ nodeId: FJ, url: jwks.url, stations: [], insecure: true }] },
    });
    ({ privateKey: key } = await generateKeyPair('EdDSA', { crv: 'Ed25519' }));
  });
  afterAll(async () => {
    jwks.close();
    await zj.destroy();
  });

  const incidents = () => rowCount(zj.services.db.selectFrom('sync_incident'));

  it('has its push refused as PEER_KEYS_UNAVAILABLE (503, to be retried), with no incident', async () => {
    const body = JSON.stringify({ entries: [] });
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ jti: crypto.randomUUID(), proc: 'sync.push', bh: sha256Hex(body) })
      .setProtectedHeader({ alg: 'EdDSA', kid: `${FJ}.k1`, typ: 'node+jwt' })
      .setIssuer(FJ)
      .setAudience(ZJ)
      .setIssuedAt(now)
      .setExpirationTime(now + 30)
      .sign(key);
    const res = await fetch(`${zj.url}/trpc/sync.push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { data: { appCode: string } } }).error.data.appCode).toBe(
      'PEER_KEYS_UNAVAILABLE',
    );
    expect(await incidents()).toBe(0);
  });

  it('has its entries refused as PEER_KEYS_UNAVAILABLE, not as forged: no incident', async () => {
    const entry = await new CompactSign(new TextEncoder().encode(JSON.stringify({ v: 1 })))
      .setProtectedHeader({ alg: 'EdDSA', kid: `${FJ}.k1`, typ: ENTRY_TYP })
      .sign(key);
    const { db, sync } = zj.services;
    const refused = await db
      .transaction()
      .execute((trx) => applyEntries(trx, sync.deps, FJ, [entry]))
      .catch((err: { appCode?: string }) => err.appCode);
    expect(refused).toBe('PEER_KEYS_UNAVAILABLE');
    expect(await incidents()).toBe(0);
  });
});
