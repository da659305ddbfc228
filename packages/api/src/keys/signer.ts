import { sign } from 'node:crypto';
import {
  base64url,
  createLocalJWKSet,
  errors,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { Clock } from '../clock.ts';
import { canonicalJson } from '../crypto/hash.ts';
import { type KeyStore, NODE_KEY_ALG } from './key-store.ts';

const utf8 = new TextEncoder();

/**
 * The one signer of the node: JWTs for officers and peers, JWS entries for the sync links.
 * Always signs with the current key and names it in `kid`.
 */
export class Signer {
  readonly #keys: KeyStore;
  readonly #clock: Clock;
  #keySet: ReturnType<typeof createLocalJWKSet> | undefined;
  #keySetFor: unknown;
  #ownKeys: JWTVerifyGetKey | undefined;
  /** Encoded protected headers by kid, then typ. */
  readonly #headers = new Map<string, Map<string, string>>();
  readonly nodeId: string;

  constructor(keys: KeyStore, clock: Clock, nodeId: string) {
    this.#keys = keys;
    this.#clock = clock;
    this.nodeId = nodeId;
  }

  /** Signs a JWT issued by this node. */
  async signJwt(
    claims: JWTPayload,
    options: { audience: string; ttlSeconds: number; typ: string },
  ): Promise<string> {
    const { kid, privateKey } = this.#keys.signingKey;
    const now = Math.floor(this.#clock.now().getTime() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: NODE_KEY_ALG, kid, typ: options.typ })
      .setIssuer(this.nodeId)
      .setAudience(options.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + options.ttlSeconds)
      .sign(privateKey);
  }

  /** Verifies a JWT this node issued itself (officer tokens). */
  async verifyOwnJwt(token: string, options: { audience: string; typ: string }): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.ownKeySet(), {
      issuer: this.nodeId,
      audience: options.audience,
      typ: options.typ,
      algorithms: [NODE_KEY_ALG],
      currentDate: this.#clock.now(),
    });
    return payload;
  }

  /**
   * Our public keys as a jose key getter. A key it does not know makes it read the keys again once
   * (another API process may have rotated) before it gives up. Also verifies what this node signed
   * itself (its link entries, its audit anchors).
   */
  ownKeySet(): JWTVerifyGetKey {
    this.#ownKeys ??= async (header, token) => {
      try {
        return await this.#localKeySet()(header, token);
      } catch (err) {
        if (!(err instanceof errors.JWKSNoMatchingKey) || !(await this.#keys.knowsAfterReload(header.kid)))
          throw err;
        return this.#localKeySet()(header, token);
      }
    };
    return this.#ownKeys;
  }

  /**
   * The loaded public keys as a jose key set, rebuilt only when the keys change (rotation): the set
   * caches the imported keys, and importing a key per verification was most of a signed-in call's cost.
   */
  #localKeySet(): ReturnType<typeof createLocalJWKSet> {
    const { keys } = this.#keys.jwks;
    if (!this.#keySet || this.#keySetFor !== keys) {
      this.#keySet = createLocalJWKSet({ keys });
      this.#keySetFor = keys;
    }
    return this.#keySet;
  }

  /**
   * Signs bytes as a JWS compact string (the canonical form of a sync entry), synchronously: entries
   * are signed while their link's head is locked, and an asynchronous signature would hold the lock
   * across a turn of the event loop. Ed25519 signatures are deterministic, so this is byte for byte
   * what jose's CompactSign makes, and jose verifies it.
   */
  signCompact(payload: Uint8Array, typ: string): string {
    const { kid, keyObject } = this.#keys.signingKey;
    const header = this.#protectedHeader(kid, typ);
    const signingInput = `${header}.${base64url.encode(payload)}`;
    return `${signingInput}.${base64url.encode(sign(null, Buffer.from(signingInput), keyObject))}`;
  }

  /** Signs a value's canonical JSON (RFC 8785) as a JWS compact string; see `signCompact`. */
  signCanonical(value: unknown, typ: string): string {
    return this.signCompact(utf8.encode(canonicalJson(value)), typ);
  }

  /** The encoded protected header, made once per key and `typ`. */
  #protectedHeader(kid: string, typ: string): string {
    let byTyp = this.#headers.get(kid);
    if (!byTyp) {
      byTyp = new Map();
      this.#headers.set(kid, byTyp);
    }
    let header = byTyp.get(typ);
    if (header === undefined) {
      header = base64url.encode(JSON.stringify({ alg: NODE_KEY_ALG, kid, typ }));
      byTyp.set(typ, header);
    }
    return header;
  }
}
