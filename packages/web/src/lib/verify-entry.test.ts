import { createPrivateKey, type JsonWebKey } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../api/src/clock.ts';
import type { KeyStore } from '../../../api/src/keys/key-store.ts';
import { Signer } from '../../../api/src/keys/signer.ts';
import { ENTRY_TYP, LINK_GENESIS } from '../../../api/src/sync/entry-payload.ts';
import { type KeysByNode, verifyEntry } from './verify-entry.ts';

const eventId = '0b4c8e0e-5d0c-4e6b-9a59-3f1f3b7e2a10';
const recordId = '6f9b2a44-12c3-4c1e-8d1e-0a6f0f4b9c21';

/** The zj node's real signer over a fresh key, and the JWKS the console gets from `keys.jwks`. */
async function zjNode() {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const keyObject = createPrivateKey({ key: (await exportJWK(privateKey)) as JsonWebKey, format: 'jwk' });
  const kid = 'zj-taishun.k1';
  const store = { signingKey: { kid, privateKey, keyObject } } as unknown as KeyStore;
  const signer = new Signer(store, systemClock, 'zj-taishun');
  const keys: KeysByNode = {
    nodes: [{ nodeId: 'zj-taishun', keys: [{ ...(await exportJWK(publicKey)), kid }] }],
  };
  return { signer, keys };
}

/** An entry as the sync layer signs it when zj files an urgent vehicle check addressed to fj. */
function entry(signer: Signer, id = eventId) {
  return signer.signCanonical(
    {
      v: 1,
      id,
      from: 'zj-taishun',
      to: 'fj-shouning',
      seq: 7,
      prev: LINK_GENESIS,
      hlc: '000001764730000000-0000-zj-taishun',
      actor: { officer: 'zj.duty', station: 'zj-luoyang', roles: ['duty'] },
      record: { type: 'assistance', id: recordId },
      kind: 'file',
      data: { title: '协查车辆 浙C·12345', priority: 'urgent' },
    },
    ENTRY_TYP,
  );
}

describe('verifying a timeline step in the browser', () => {
  it('verifies an entry signed by the node against its JWKS with WebCrypto Ed25519', async () => {
    const { signer, keys } = await zjNode();
    const verdict = await verifyEntry(entry(signer), { eventId, author: 'zj-taishun' }, keys);
    expect(verdict).toEqual({ status: 'verified', kid: 'zj-taishun.k1', seq: 7 });
  });

  it('fails a tampered entry: its content no longer matches the signature', async () => {
    const { signer, keys } = await zjNode();
    const [header, payload, signature] = entry(signer).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    claims.data.title = '协查车辆 浙C·99999';
    const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expect(await verifyEntry(tampered, { eventId, author: 'zj-taishun' }, keys)).toEqual({
      status: 'invalid',
      reason: 'badSignature',
      kid: 'zj-taishun.k1',
    });
  });

  it('fails a genuine entry shown for another step, another author, or an unknown key', async () => {
    const { signer, keys } = await zjNode();
    const jws = entry(signer, '11111111-2222-4333-8444-555555555555');
    expect(await verifyEntry(jws, { eventId, author: 'zj-taishun' }, keys)).toMatchObject({
      reason: 'wrongId',
    });
    expect(await verifyEntry(entry(signer), { eventId, author: 'fj-shouning' }, keys)).toMatchObject({
      reason: 'noKey',
    });
    const other = await zjNode();
    expect(await verifyEntry(entry(signer), { eventId, author: 'zj-taishun' }, other.keys)).toMatchObject({
      reason: 'badSignature',
    });
  });

  it('says why a step cannot be checked: no stored entry, garbage, or no WebCrypto', async () => {
    const { signer, keys } = await zjNode();
    expect(await verifyEntry(null, { eventId, author: 'zj-taishun' }, keys)).toMatchObject({
      reason: 'noEntry',
    });
    expect(await verifyEntry('a.b', { eventId, author: 'zj-taishun' }, keys)).toMatchObject({
      reason: 'malformed',
    });
    expect(await verifyEntry(entry(signer), { eventId, author: 'zj-taishun' }, keys, null)).toEqual({
      status: 'unavailable',
      reason: 'noCrypto',
    });
  });
});
