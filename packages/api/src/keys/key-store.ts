import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { Database, JsonWebKeyShape } from '@tiemeng/db';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { type Kysely, sql } from 'kysely';
import { isSealed, type Kek, openJwk, type SealedJwk, sealJwk } from './key-encryption.ts';

export const NODE_KEY_ALG = 'EdDSA';

/** A private key as jose imports it. */
type PrivateKey = Awaited<ReturnType<typeof importJWK>>;

export interface SigningKey {
  kid: string;
  privateKey: PrivateKey;
  /** The same key for node:crypto, which signs synchronously (see Signer.signCompact). */
  keyObject: KeyObject;
}

export interface PublicJwk extends JWK {
  kid: string;
}

/** Serialises key generation across processes sharing one database. */
const KEY_LOCK = 0x7469656d; // 'tiem'
/** How often keys are read again, so a rotation made by another API process reaches this one. */
const RELOAD_MS = 30_000;
/** A token or signature naming a key we do not know reloads the keys at most this often. */
const UNKNOWN_KID_RELOAD_MS = 5_000;

/**
 * The node's Ed25519 keys, kept in its own database, their private halves sealed with the
 * key-encryption key when one is configured (see key-encryption.ts). The newest non-retired key signs; every key,
 * retired or not, stays in the JWKS so old signatures keep verifying after rotation. Several API
 * processes may share the database: each reads the keys again every 30 s, and at once (at most every
 * 5 s) when asked to verify a key it does not know, so a rotation made by one reaches the others.
 */
export class KeyStore {
  readonly #db: Kysely<Database>;
  readonly #nodeId: string;
  #signing: SigningKey | undefined;
  #jwks: PublicJwk[] = [];
  /** The key rows (kid and retirement) the loaded keys came from. */
  #loadedFrom = '';
  #nextUnknownReload = 0;
  /** The reload an unknown kid started, which every verification of an unknown kid waits for. */
  #unknownKidReload: Promise<void> | undefined;
  /** Reloads run one after another, so an older read is never applied after a newer one. */
  #reloads: Promise<unknown> = Promise.resolve();
  #reloading: NodeJS.Timeout | undefined;

  readonly #kek: Kek | undefined;

  constructor(db: Kysely<Database>, nodeId: string, kek?: Kek) {
    this.#db = db;
    this.#nodeId = nodeId;
    this.#kek = kek;
  }

  /** Whether private keys are sealed with a key-encryption key. */
  get sealed(): boolean {
    return this.#kek !== undefined;
  }

  /**
   * Loads the keys, generating the first one if the node has none. With a key-encryption key, keys
   * stored in the clear (before one was configured) are sealed now, every one of them.
   */
  async init(): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${KEY_LOCK})`.execute(trx);
      const active = await trx
        .selectFrom('node_key')
        .select('kid')
        .where('retired_at', 'is', null)
        .executeTakeFirst();
      if (!active) await insertNewKey(trx, this.#nodeId, this.#kek);
      const kek = this.#kek;
      if (!kek) return;
      for (const row of await trx.selectFrom('node_key').select(['kid', 'private_jwk']).execute()) {
        if (isSealed(row.private_jwk as JsonWebKeyShape | SealedJwk)) continue;
        await trx
          .updateTable('node_key')
          .set({ private_jwk: JSON.stringify(sealJwk(row.private_jwk, row.kid, kek)) })
          .where('kid', '=', row.kid)
          .execute();
      }
    });
    await this.reload();
  }

  /** Re-reads keys from the database (another process may have rotated); unchanged keys stay as they are. */
  reload(): Promise<void> {
    const read = this.#reloads.then(() => this.#read());
    this.#reloads = read.catch(() => {});
    return read;
  }

  async #read(): Promise<void> {
    const rows = await this.#db.selectFrom('node_key').selectAll().orderBy('created_at').execute();
    const loadedFrom = rows.map((r) => `${r.kid}:${r.retired_at?.toISOString() ?? ''}`).join(',');
    if (loadedFrom === this.#loadedFrom) return;
    const active = rows.filter((r) => r.retired_at === null).at(-1);
    if (!active) throw new Error('node has no active signing key');
    const privateJwk = openJwk(active.private_jwk, active.kid, this.#kek);
    const signing = {
      kid: active.kid,
      privateKey: await importJWK(privateJwk as JWK, NODE_KEY_ALG),
      keyObject: createPrivateKey({ key: privateJwk as JsonWebKey, format: 'jwk' }),
    };
    // All at once, after the last await: the signing key and the JWKS always come from one read.
    this.#signing = signing;
    this.#jwks = rows.map((r) => toPublic(r.public_jwk, r.kid));
    this.#loadedFrom = loadedFrom;
  }

  /** Reads the keys again every 30 s until {@link stopReloading}. */
  startReloading(): void {
    this.#reloading ??= setInterval(() => void this.reload().catch(() => {}), RELOAD_MS).unref();
  }

  stopReloading(): void {
    clearInterval(this.#reloading);
    this.#reloading = undefined;
  }

  /**
   * Whether `kid`, unknown here, is one of the node's keys after reading them again: another process
   * may have rotated. A read starts at most every 5 s, so made-up kids cannot cost a query each;
   * every verification that arrives while it runs waits for it.
   */
  async knowsAfterReload(kid: string | undefined): Promise<boolean> {
    if (!kid) return false;
    if (!this.#unknownKidReload && performance.now() >= this.#nextUnknownReload) {
      this.#nextUnknownReload = performance.now() + UNKNOWN_KID_RELOAD_MS;
      this.#unknownKidReload = this.reload()
        .catch(() => {})
        .finally(() => {
          this.#unknownKidReload = undefined;
        });
    }
    await this.#unknownKidReload;
    return this.#jwks.some((k) => k.kid === kid);
  }

  /** Adds a new signing key and retires the previous ones for signing (they still verify). */
  async rotate(): Promise<string> {
    const kid = await this.#db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${KEY_LOCK})`.execute(trx);
      await trx
        .updateTable('node_key')
        .set({ retired_at: new Date() })
        .where('retired_at', 'is', null)
        .execute();
      return insertNewKey(trx, this.#nodeId, this.#kek);
    });
    await this.reload();
    return kid;
  }

  get signingKey(): SigningKey {
    if (!this.#signing) throw new Error('KeyStore.init() was not called');
    return this.#signing;
  }

  /** The public JWKS served at /.well-known/jwks.json. */
  get jwks(): { keys: PublicJwk[] } {
    return { keys: this.#jwks };
  }
}

async function insertNewKey(db: Kysely<Database>, nodeId: string, kek: Kek | undefined): Promise<string> {
  const { privateKey, publicKey } = await generateKeyPair(NODE_KEY_ALG, {
    crv: 'Ed25519',
    extractable: true,
  });
  const publicJwk = await exportJWK(publicKey);
  const kid = `${nodeId}.${(await calculateJwkThumbprint(publicJwk)).slice(0, 16)}`;
  await db
    .insertInto('node_key')
    .values({
      kid,
      private_jwk: JSON.stringify(
        kek
          ? sealJwk((await exportJWK(privateKey)) as JsonWebKeyShape, kid, kek)
          : await exportJWK(privateKey),
      ),
      public_jwk: JSON.stringify(publicJwk),
    })
    .execute();
  return kid;
}

function toPublic(jwk: JsonWebKeyShape, kid: string): PublicJwk {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid, alg: NODE_KEY_ALG, use: 'sig' };
}
