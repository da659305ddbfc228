import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddressOf } from './client-address.ts';

const request = (peer: string, forwardedFor?: string) =>
  ({
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  }) as unknown as IncomingMessage;

describe('the client address sign-in throttling counts by', () => {
  it('is the socket peer, whatever X-Forwarded-For says, unless proxies are trusted', () => {
    expect(clientAddressOf(request('127.0.0.2', '203.0.113.5'), [])).toBe('127.0.0.2');
    expect(clientAddressOf(request('::ffff:127.0.0.2'), [])).toBe('127.0.0.2');
  });

  it('behind a trusted proxy: the last hop before the trusted ones; ignored from anyone else', () => {
    const proxies = ['10.0.0.5', '10.0.0.6'];
    expect(clientAddressOf(request('10.0.0.5', '203.0.113.5'), proxies)).toBe('203.0.113.5');
    // The client may prepend anything; only what the trusted proxies appended counts.
    expect(clientAddressOf(request('10.0.0.5', '1.2.3.4, 203.0.113.5, 10.0.0.6'), proxies)).toBe(
      '203.0.113.5',
    );
    expect(clientAddressOf(request('198.51.100.9', '203.0.113.5'), proxies)).toBe('198.51.100.9');
    expect(clientAddressOf(request('10.0.0.5', 'not-an-address'), proxies)).toBe('10.0.0.5');
  });
});
