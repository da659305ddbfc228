import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import type { JsonWebKeyShape } from '@tiemeng/db';

/**
 * The key-encryption key (KEK) that seals the node's private signing keys in the database, so a
 * dump of it carries no usable key. 32 random bytes, written as base64url text, kept apart from the
 * database (a file or an environment variable named in the config) and backed up apart from it.
 */
export interface Kek {
  /** The first 16 hex digits of its SHA-256: names which KEK sealed a key, revealing nothing of it. */
  id: string;
  key: Buffer;
}

/** A private key as stored when sealed (AES-256-GCM, the key id as associated data). */
export interface SealedJwk {
  kty: 'sealed';
  alg: 'A256GCM';
  kek: string;
  iv: string;
  ct: string;
  tag: string;
}

export class KekError extends Error {
  override name = 'KekError';
}

/** A new KEK as text for a file or an environment variable. */
export function newKekText(): string {
  return randomBytes(32).toString('base64url');
}

/** The KEK in `text` (base64url or base64 of 32 bytes). */
export function parseKek(text: string, source: string): Kek {
  const key = Buffer.from(text.trim(), 'base64url');
  if (key.length !== 32)
    throw new KekError(`${source} does not hold a key-encryption key (32 bytes, base64url)`);
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 16), key };
}

/**
 * Reads the KEK the config names: `keys.kekFile` (a path) or `keys.kekEnv` (a variable's name).
 * Undefined when it names none.
 */
export async function loadKek(
  keys: { kekFile?: string; kekEnv?: string } | undefined,
  env: NodeJS.ProcessEnv,
): Promise<Kek | undefined> {
  if (keys?.kekFile) {
    let text: string;
    try {
      text = await readFile(keys.kekFile, 'utf8');
    } catch (err) {
      throw new KekError(`cannot read keys.kekFile ${keys.kekFile}: ${(err as Error).message}`);
    }
    return parseKek(text, `keys.kekFile ${keys.kekFile}`);
  }
  if (keys?.kekEnv) {
    const text = env[keys.kekEnv];
    if (!text) throw new KekError(`keys.kekEnv names ${keys.kekEnv}, which is not set`);
    return parseKek(text, `environment variable ${keys.kekEnv}`);
  }
  return undefined;
}

/** Writes a new KEK to `file` (mode 0600) unless one is there, as the demo and the test helpers do. */
export async function ensureKekFile(file: string): Promise<void> {
  try {
    await writeFile(file, `${newKekText()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    await chmod(file, 0o600);
  }
}

export function isSealed(stored: JsonWebKeyShape | SealedJwk): stored is SealedJwk {
  return stored.kty === 'sealed';
}

/** Seals a private JWK under `kek`, bound to its `kid`. */
export function sealJwk(jwk: JsonWebKeyShape, kid: string, kek: Kek): SealedJwk {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek.key, iv).setAAD(Buffer.from(kid));
  const ct = Buffer.concat([cipher.update(JSON.stringify(jwk)), cipher.final()]);
  return {
    kty: 'sealed',
    alg: 'A256GCM',
    kek: kek.id,
    iv: iv.toString('base64url'),
    ct: ct.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
  };
}

/** The private JWK a stored key holds: opened with `kek` when sealed, as is when not. */
export function openJwk(
  stored: JsonWebKeyShape | SealedJwk,
  kid: string,
  kek: Kek | undefined,
): JsonWebKeyShape {
  if (!isSealed(stored)) return stored;
  if (!kek)
    throw new KekError(
      `signing key ${kid} is encrypted (KEK ${stored.kek}): name its key-encryption key in keys.kekFile or keys.kekEnv`,
    );
  if (kek.id !== stored.kek)
    throw new KekError(
      `signing key ${kid} is encrypted with KEK ${stored.kek}, not the configured ${kek.id}`,
    );
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek.key, Buffer.from(stored.iv, 'base64url'))
      .setAAD(Buffer.from(kid))
      .setAuthTag(Buffer.from(stored.tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(stored.ct, 'base64url')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as JsonWebKeyShape;
  } catch {
    throw new KekError(`signing key ${kid} does not open with KEK ${kek.id} (altered?)`);
  }
}
