import { createPrivateKey, type JsonWebKey } from 'node:crypto';
import { CompactSign, compactVerify, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../clock.ts';
import type { KeyStore } from './key-store.ts';
import { Signer } from './signer.ts';

describe('the node signer', () => {
  it('signs JWS compact strings byte for byte as jose does, and jose verifies them', async () => {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const keyObject = createPrivateKey({ key: (await exportJWK(privateKey)) as JsonWebKey, format: 'jwk' });
    const keys = { signingKey: { kid: 'zj-taishun.k1', privateKey, keyObject } } as unknown as KeyStore;
    const signer = new Signer(keys, systemClock, 'zj-taishun');
    const payload = new TextEncoder().encode('{"seq":1,"text":"协查请求"}');

    const jws = signer.signCompact(payload, 'tiemeng-entry+jws');
    const byJose = await new CompactSign(payload)
      .setProtectedHeader({ alg: 'EdDSA', kid: 'zj-taishun.k1', typ: 'tiemeng-entry+jws' })
      .sign(privateKey);
    expect(jws).toBe(byJose);
    const verified = await compactVerify(jws, publicKey);
    expect(new TextDecoder().decode(verified.payload)).toBe('{"seq":1,"text":"协查请求"}');
    expect(verified.protectedHeader).toEqual({
      alg: 'EdDSA',
      kid: 'zj-taishun.k1',
      typ: 'tiemeng-entry+jws',
    });
  });
});
