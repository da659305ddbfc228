import { describe, expect, it } from 'vitest';
import { legacyScryptHash } from '../testing/index.ts';
import { hashPassword, verifyPassword } from './password.ts';

describe('password hashes', () => {
  it('are argon2id with OWASP parameters, stored with the hash as a PHC string', async () => {
    const stored = await hashPassword('harbour lantern');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await verifyPassword('harbour lantern', stored)).toEqual({ ok: true, rehash: false });
    expect(await verifyPassword('harbour lanterns', stored)).toEqual({ ok: false, rehash: false });
  });

  it('an older scrypt hash still verifies, and asks to be hashed again', async () => {
    const stored = legacyScryptHash('harbour lantern');
    expect(await verifyPassword('harbour lantern', stored)).toEqual({ ok: true, rehash: true });
    expect(await verifyPassword('wrong', stored)).toEqual({ ok: false, rehash: false });
  });

  it('weaker argon2id parameters ask to be hashed again; garbage never verifies', async () => {
    const weaker = (await hashPassword('harbour lantern')).replace('m=19456', 'm=8192');
    // The tag no longer matches the parameters named, so this one fails; a real weaker hash is re-hashed.
    expect((await verifyPassword('harbour lantern', weaker)).ok).toBe(false);
    expect(await verifyPassword('x', 'not a hash')).toEqual({ ok: false, rehash: false });
  });
});
