import type { KeyObject } from 'node:crypto';
import { decodeProtectedHeader, errors } from 'jose';
import { keyObjectOf, type PublicKey, verifyEd25519Jws } from '../crypto/ed25519-verify.ts';
import { jwsParts } from '../crypto/jws.ts';
import { TiemengError } from '../errors/index.ts';
import { NODE_KEY_ALG } from '../keys/key-store.ts';
import type { PeerKeys } from '../peer/peer-keys.ts';
import { badSignature, entryClaims, entryHash, type VerifiedEntry } from './entry-claims.ts';
import { ENTRY_TYP } from './entry-payload.ts';

export { entryHash, type VerifiedEntry };

/** The key an entry's header names, as node:crypto verifies with it. */
export interface EntryKey {
  kid: string;
  key: KeyObject;
}

/**
 * Verifies one entry from `peer` addressed to `self`: signature by one of the peer's keys (by `kid`),
 * well-formed v1 claims, `from` = peer, `to` = self. Nothing from a peer is trusted before this.
 * Entries of one batch pass one `cache` (see `verifyEntries`).
 */
export async function verifyEntry(
  jws: string,
  peer: string,
  self: string,
  keys: Pick<PeerKeys, 'of'>,
  cache?: HeaderCache,
): Promise<VerifiedEntry> {
  const { kid, key } = await entryKey(jws, peer, keys, cache);
  if (!(await verifyEd25519Jws(jws, key))) throw badSignature(kid);
  return entryClaims(jws, peer, self);
}

/** What one batch has already learned of the headers its entries carry (they share one, usually). */
export type HeaderCache = Map<string, { header: EntryHeader; key?: Promise<EntryKey> }>;

interface EntryHeader {
  kid: string;
  [name: string]: unknown;
}

/**
 * The peer's key that an entry's header names: a JWS compact string with the entry header, signed
 * with a key the peer has. Pass `cache` to keep each distinct header's answer for the batch's next
 * entries that carry it (decoding it and looking up its key are then done once).
 */
export async function entryKey(
  jws: string,
  peer: string,
  keys: Pick<PeerKeys, 'of'>,
  cache: HeaderCache = new Map(),
): Promise<EntryKey> {
  const keySet = keys.of(peer);
  if (!keySet) throw new TiemengError('UNKNOWN_PEER');
  const parts = jwsParts(jws);
  if (!parts) throw new TiemengError('BAD_SIGNATURE', { message: 'An entry is not a JWS compact string' });
  const [protectedPart] = parts;
  let known = cache.get(protectedPart);
  if (!known) {
    known = { header: entryHeader(jws) };
    cache.set(protectedPart, known);
  }
  known.key ??= keyOf(known.header, parts, peer, keySet);
  return known.key;
}

/** The entry header of a JWS, or the refusal of one that is not. */
function entryHeader(jws: string): EntryHeader {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    throw new TiemengError('BAD_SIGNATURE', { message: 'An entry is not a JWS compact string' });
  }
  if (header.alg !== NODE_KEY_ALG || header.typ !== ENTRY_TYP || typeof header.kid !== 'string') {
    throw new TiemengError('BAD_SIGNATURE', { message: 'An entry has an unexpected JWS header' });
  }
  return header as EntryHeader;
}

async function keyOf(
  header: EntryHeader,
  [protectedPart, payloadPart, signaturePart]: [string, string, string],
  peer: string,
  keySet: NonNullable<ReturnType<PeerKeys['of']>>,
): Promise<EntryKey> {
  let key: Awaited<ReturnType<typeof keySet>>;
  try {
    key = await keySet(
      { ...header, alg: NODE_KEY_ALG },
      { protected: protectedPart, payload: payloadPart, signature: signaturePart },
    );
  } catch (err) {
    if (err instanceof errors.JWKSNoMatchingKey) {
      throw new TiemengError('UNKNOWN_KEY', { message: `Entry signed with unknown key ${header.kid}` });
    }
    // The key set could not be read (the peer's JWKS unreachable, slow or malformed): nothing is
    // known yet about the entry itself, so this is no evidence against it.
    throw new TiemengError('PEER_KEYS_UNAVAILABLE', {
      message: `${peer}'s public keys could not be fetched: ${(err as Error).message}`,
    });
  }
  if (key instanceof Uint8Array || !('type' in key)) throw badSignature(header.kid);
  return { kid: header.kid, key: keyObjectOf(key as PublicKey) };
}
