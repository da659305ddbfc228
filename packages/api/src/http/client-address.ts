import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * The address a request comes from: its socket's peer, unless that peer is one of the configured
 * `trustedProxies` — then `X-Forwarded-For` is read from the right, skipping trusted proxies, and
 * the first other address is the client (what precedes it may be forged by the client itself).
 *
 * @example
 * clientAddressOf(req, ['10.0.0.5']); // '198.51.100.7' when 10.0.0.5 forwarded for it
 */
export function clientAddressOf(req: IncomingMessage, trustedProxies: readonly string[]): string {
  const peer = normalise(req.socket.remoteAddress ?? 'unknown');
  if (!trustedProxies.length || !trusted(peer, trustedProxies)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((h) => normalise(h.trim()))
    .filter((h) => h !== '');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!isIP(hop)) return peer;
    if (!trusted(hop, trustedProxies)) return hop;
  }
  return peer;
}

function trusted(address: string, proxies: readonly string[]): boolean {
  return proxies.some((p) => normalise(p) === address);
}

/** IPv4 seen through an IPv6 socket (`::ffff:127.0.0.1`) is the IPv4 address. */
function normalise(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4
    ? address.slice(7)
    : address.toLowerCase();
}
