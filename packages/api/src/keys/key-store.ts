import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { Database, JsonWebKeyShape } from '@tiemeng/db';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { type Kysely, sql } from 'kysely';

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

/**
 * The node's Ed25519 keys, kept in its own database. The newest non-retired key signs; every key,
 * retired or not, stays in the JWKS so old signatures keep verifying after rotation.
 */
export class KeyStore {
  readonly #db: Kysely<Database>;
  readonly #nodeId: string;
  #signing: SigningKey | undefined;
  #jwks: PublicJwk[] = [];

  constructor(db: Kysely<Database>, nodeId: string) {
    this.#db = db;
    this.#nodeId = nodeId;
  }

  /** Loads the keys, generating the first one if the node has none. */
  async init(): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${KEY_LOCK})`.execute(trx);
      const active = await trx
        .selectFrom('node_key')
        .select('kid')
        .where('retired_at', 'is', null)
        .executeTakeFirst();
      if (!active) await insertNewKey(trx, this.#nodeId);
    });
    await this.reload();
  }

  /** Re-reads keys from the database (another process may have rotated). */
  async reload(): Promise<void> {
    const rows = await this.#db.selectFrom('node_key').selectAll().orderBy('created_at').execute();
    this.#jwks = rows.map((r) => toPublic(r.public_jwk, r.kid));
    const active = rows.filter((r) => r.retired_at === null).at(-1);
    if (!active) throw new Error('node has no active signing key');
    this.#signing = {
      kid: active.kid,
      privateKey: await importJWK(active.private_jwk as JWK, NODE_KEY_ALG),
      keyObject: createPrivateKey({ key: active.private_jwk as JsonWebKey, format: 'jwk' }),
    };
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
      return insertNewKey(trx, this.#nodeId);
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

async function insertNewKey(db: Kysely<Database>, nodeId: string): Promise<string> {
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
      private_jwk: JSON.stringify(await exportJWK(privateKey)),
      public_jwk: JSON.stringify(publicJwk),
    })
    .execute();
  return kid;
}

function toPublic(jwk: JsonWebKeyShape, kid: string): PublicJwk {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid, alg: NODE_KEY_ALG, use: 'sig' };
}
