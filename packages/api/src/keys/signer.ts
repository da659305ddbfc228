import { CompactSign, createLocalJWKSet, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../clock.ts';
import { type KeyStore, NODE_KEY_ALG } from './key-store.ts';

/**
 * The one signer of the node: JWTs for officers and peers, JWS entries for the sync links.
 * Always signs with the current key and names it in `kid`.
 */
export class Signer {
  readonly #keys: KeyStore;
  readonly #clock: Clock;
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
    const { payload } = await jwtVerify(token, createLocalJWKSet(this.#keys.jwks), {
      issuer: this.nodeId,
      audience: options.audience,
      typ: options.typ,
      algorithms: [NODE_KEY_ALG],
      currentDate: this.#clock.now(),
    });
    return payload;
  }

  /** Signs bytes as a JWS compact string (the canonical form of a sync entry). */
  async signCompact(payload: Uint8Array, typ: string): Promise<string> {
    const { kid, privateKey } = this.#keys.signingKey;
    return new CompactSign(payload).setProtectedHeader({ alg: NODE_KEY_ALG, kid, typ }).sign(privateKey);
  }
}
