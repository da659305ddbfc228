import { readFileSync } from 'node:fs';
import { Agent, fetch as undiciFetch } from 'undici';
import type { PeerConfig } from '../config/node-config.ts';
import { ConfigError } from '../config/node-config.ts';

/** The `fetch` both PeerClient and the JWKS lookup use; the same shape as the global one. */
export type PeerFetch = typeof fetch;

const agents = new Map<string, Agent>();

/**
 * The fetch for calls to `peer`: over HTTPS with the peer's CA (`caFile`, read once per process)
 * when one is configured, else the global fetch (system CAs; plain http only for `insecure` peers,
 * which the config loader checks).
 */
export function peerFetch(peer: Pick<PeerConfig, 'caFile'>): PeerFetch {
  const { caFile } = peer;
  if (!caFile) return fetch;
  let agent = agents.get(caFile);
  if (!agent) {
    let ca: string;
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch (err) {
      throw new ConfigError(`cannot read the CA file ${caFile}: ${(err as Error).message}`);
    }
    agent = new Agent({ connect: { ca } });
    agents.set(caFile, agent);
  }
  const dispatcher = agent;
  // undici's own Request/Response types stand for the global ones: the same classes at run time.
  const withCa = (input: unknown, init?: unknown) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher,
    });
  return withCa as unknown as PeerFetch;
}
