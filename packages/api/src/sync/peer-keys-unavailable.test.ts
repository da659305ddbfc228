import { CompactSign, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sha256Hex } from '../crypto/hash.ts';
import { ENTRY_TYP, freePort, rowCount, startTestNode, type TestNode } from '../testing/index.ts';
import { applyEntries } from './apply-entries.ts';

const ZJ = 'zj-taishun';
const FJ = 'fj-shouning';

/** The partner's keys come from its JWKS, and that cannot be fetched: nothing says its entries are forged. */
describe('a partner whose public keys cannot be fetched', () => {
  let zj: TestNode;
  let key: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  beforeAll(async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`; // nothing listens there
    zj = await startTestNode({
      serverUrl: inject('testServerUrl'),
      side: 'zj',
      delivery: false,
      extra: { peers: [{ nodeId: FJ, url: nowhere, stations: [] }] },
    });
    ({ privateKey: key } = await generateKeyPair('EdDSA', { crv: 'Ed25519' }));
  });
  afterAll(() => zj.destroy());

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
