import type { PeerKeys } from '../peer/peer-keys.ts';
import type { VerifiedEntry } from './entry-claims.ts';
import { type HeaderCache, verifyEntry } from './verify-entry.ts';

/**
 * Verifies a batch of entries from `peer` to `self` as `verifyEntry` verifies each, and answers each
 * one's outcome in order: the entry, or the error that refuses it. The entries of a batch share their
 * header, so it is decoded and its key looked up once; the signatures are checked on libuv's thread
 * pool, on every core, while the event loop goes on with the claims of those already checked.
 */
export function verifyEntries(
  jwsList: readonly string[],
  peer: string,
  self: string,
  keys: Pick<PeerKeys, 'of'>,
): Promise<(VerifiedEntry | Error)[]> {
  const cache: HeaderCache = new Map();
  return Promise.all(
    jwsList.map((jws) =>
      verifyEntry(jws, peer, self, keys, cache).catch((err: unknown) =>
        err instanceof Error ? err : new Error(String(err)),
      ),
    ),
  );
}
