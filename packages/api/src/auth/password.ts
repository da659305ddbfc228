import { argon2, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const argon2Async = promisify(argon2);
const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/**
 * argon2id with OWASP's first recommended setting (Password Storage Cheat Sheet): 19 MiB of memory,
 * 2 passes, 1 lane, a 16-byte salt and a 32-byte tag.
 */
export const ARGON2_PARAMS = { m: 19_456, t: 2, p: 1 } as const;

/**
 * Hashes a password with argon2id and a random salt, in the PHC string format, parameters included:
 * `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>` (unpadded base64).
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await deriveArgon2(password, salt, ARGON2_PARAMS, 32);
  const { m, t, p } = ARGON2_PARAMS;
  return `$argon2id$v=19$m=${m},t=${t},p=${p}$${b64(salt)}$${b64(hash)}`;
}

/**
 * Checks a password against a stored hash in constant time: an argon2id PHC string, or an older
 * `scrypt$N$r$p$salt$hash` one. `rehash` is true when the password is right but its hash is not
 * the current scheme and parameters, so the caller stores a fresh {@link hashPassword}.
 */
export async function verifyPassword(
  password: string,
  stored: string,
): Promise<{ ok: boolean; rehash: boolean }> {
  const argon = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(
    stored,
  );
  if (argon) {
    const [, m, t, p, salt, hash] = argon;
    const params = { m: Number(m), t: Number(t), p: Number(p) };
    const expected = Buffer.from(hash!, 'base64');
    const actual = await deriveArgon2(password, Buffer.from(salt!, 'base64'), params, expected.length);
    const ok = actual.length === expected.length && timingSafeEqual(actual, expected);
    const current =
      params.m === ARGON2_PARAMS.m && params.t === ARGON2_PARAMS.t && params.p === ARGON2_PARAMS.p;
    return { ok, rehash: ok && !current };
  }
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return { ok: false, rehash: false };
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(
    password.normalize('NFKC'),
    Buffer.from(salt, 'base64url'),
    expected.length,
    {
      N: Number(n),
      r: Number(r),
      p: Number(p),
      maxmem: 256 * Number(n) * Number(r),
    },
  );
  const ok = actual.length === expected.length && timingSafeEqual(actual, expected);
  return { ok, rehash: ok };
}

/** A hash of a random password: verifying against it costs the same as a real one (no user-exists oracle). */
export const DUMMY_HASH = await hashPassword(randomBytes(16).toString('hex'));

function deriveArgon2(
  password: string,
  salt: Buffer,
  params: { m: number; t: number; p: number },
  tagLength: number,
): Promise<Buffer> {
  return argon2Async('argon2id', {
    message: password.normalize('NFKC'),
    nonce: salt,
    parallelism: params.p,
    tagLength,
    memory: params.m,
    passes: params.t,
  });
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}
