import { describe, expect, it } from 'vitest';
import { newKekText, openJwk, parseKek, sealJwk } from './key-encryption.ts';

const jwk = { kty: 'OKP', crv: 'Ed25519', x: 'x-part', d: 'the-secret-part' };

describe('sealing a private key with the key-encryption key', () => {
  it('opens only with the same KEK and for the same key id; the sealed form holds nothing of the key', () => {
    const kek = parseKek(newKekText(), 'test');
    const sealed = sealJwk(jwk, 'zj.abc', kek);
    expect(JSON.stringify(sealed)).not.toContain('the-secret-part');
    expect(openJwk(sealed, 'zj.abc', kek)).toEqual(jwk);
    expect(() => openJwk(sealed, 'zj.other', kek)).toThrow(/does not open/);
    expect(() => openJwk(sealed, 'zj.abc', parseKek(newKekText(), 'other'))).toThrow(/not the configured/);
    expect(() => openJwk(sealed, 'zj.abc', undefined)).toThrow(/keys.kekFile or keys.kekEnv/);
    // A key stored before encryption reads as it is (and is sealed at the next start with a KEK).
    expect(openJwk(jwk, 'zj.abc', undefined)).toEqual(jwk);
    expect(() => parseKek('too short', 'test')).toThrow(/32 bytes/);
  });
});
