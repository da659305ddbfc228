import { createLocalJWKSet, createRemoteJWKSet, customFetch, type JWK, type JWTVerifyGetKey } from 'jose';
import type { PeerConfig } from '../config/node-config.ts';
import { peerFetch } from './peer-fetch.ts';

/**
 * Public keys of every configured peer: pinned in config, or fetched from the peer's
 * /.well-known/jwks.json, cached, and refetched when an unknown `kid` shows up (key rotation).
 */
export class PeerKeys {
  readonly #sets = new Map<string, JWTVerifyGetKey>();
  readonly #pinned = new Map<string, JWK[]>();
  readonly #remote = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

  constructor(peers: readonly PeerConfig[]) {
    for (const peer of peers) {
      if (peer.keys) {
        this.#pinned.set(peer.nodeId, peer.keys);
        this.#sets.set(peer.nodeId, createLocalJWKSet({ keys: peer.keys }));
        continue;
      }
      const remote = createRemoteJWKSet(new URL('/.well-known/jwks.json', peer.url), {
        cooldownDuration: 1_000,
        cacheMaxAge: 10 * 60_000,
        timeoutDuration: 5_000,
        // Over HTTPS with the peer's CA, like every other call to it.
        [customFetch]: peerFetch(peer),
      });
      this.#remote.set(peer.nodeId, remote);
      this.#sets.set(peer.nodeId, remote);
    }
  }

  /**
   * A peer's public keys as this node holds them: pinned, or as last fetched (fetched now if never
   * yet). Throws when they cannot be fetched.
   */
  async publicKeys(peer: string): Promise<JWK[]> {
    const pinned = this.#pinned.get(peer);
    if (pinned) return pinned;
    const remote = this.#remote.get(peer);
    if (!remote) return [];
    if (!remote.jwks()) await remote.reload();
    return remote.jwks()?.keys ?? [];
  }

  /** The key resolver of a peer, or undefined when the node is not a configured peer. */
  of(peer: string): JWTVerifyGetKey | undefined {
    return this.#sets.get(peer);
  }
}
