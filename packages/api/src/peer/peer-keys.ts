import { createLocalJWKSet, createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { PeerConfig } from '../config/node-config.ts';

/**
 * Public keys of every configured peer: pinned in config, or fetched from the peer's
 * /.well-known/jwks.json, cached, and refetched when an unknown `kid` shows up (key rotation).
 */
export class PeerKeys {
  readonly #sets = new Map<string, JWTVerifyGetKey>();

  constructor(peers: readonly PeerConfig[]) {
    for (const peer of peers) {
      this.#sets.set(
        peer.nodeId,
        peer.keys
          ? createLocalJWKSet({ keys: peer.keys })
          : createRemoteJWKSet(new URL('/.well-known/jwks.json', peer.url), {
              cooldownDuration: 1_000,
              cacheMaxAge: 10 * 60_000,
              timeoutDuration: 5_000,
            }),
      );
    }
  }

  /** The key resolver of a peer, or undefined when the node is not a configured peer. */
  of(peer: string): JWTVerifyGetKey | undefined {
    return this.#sets.get(peer);
  }
}
