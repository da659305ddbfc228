import { CompactSign, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { verifyEd25519Jws } from './ed25519-verify.ts';

describe('Ed25519 JWS verification on the thread pool', () => {
  it('accepts the signer’s JWS and refuses one whose payload or signature was changed', async () => {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const other = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const jws = await new CompactSign(new TextEncoder().encode('{"seq":7}'))
      .setProtectedHeader({ alg: 'EdDSA' })
      .sign(privateKey);
    const [h, , s] = jws.split('.');
    const tampered = `${h}.${Buffer.from('{"seq":8}').toString('base64url')}.${s}`;

    expect(await verifyEd25519Jws(jws, publicKey)).toBe(true);
    expect(await verifyEd25519Jws(tampered, publicKey)).toBe(false);
    expect(await verifyEd25519Jws(`${jws.slice(0, -4)}AAAA`, publicKey)).toBe(false);
    expect(await verifyEd25519Jws(jws, other.publicKey)).toBe(false);
  });
});
