import { decodeProtectedHeader, errors } from 'jose';
import { type PublicKey, verifyEd25519Jws } from '../crypto/ed25519-verify.ts';
import { sha256Hex } from '../crypto/hash.ts';
import { decodeJwsPayload } from '../crypto/jws.ts';
import { TiemengError } from '../errors/index.ts';
import { NODE_KEY_ALG } from '../keys/key-store.ts';
import type { PeerKeys } from '../peer/peer-keys.ts';
import { ENTRY_TYP, type EntryPayload, entryPayloadSchema } from './entry-payload.ts';

export interface VerifiedEntry {
  jws: string;
  hash: string;
  payload: EntryPayload;
}

/** SHA-256 of the JWS bytes: the entry's identity in its link. */
export const entryHash = (jws: string): string => sha256Hex(jws);

/**
 * Verifies one entry from `peer` addressed to `self`: signature by one of the peer's keys (by `kid`),
 * well-formed v1 claims, `from` = peer, `to` = self. Nothing from a peer is trusted before this.
 */
export async function verifyEntry(
  jws: string,
  peer: string,
  self: string,
  keys: Pick<PeerKeys, 'of'>,
): Promise<VerifiedEntry> {
  const keySet = keys.of(peer);
  if (!keySet) throw new TiemengError('UNKNOWN_PEER');
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    throw new TiemengError('BAD_SIGNATURE', { message: 'An entry is not a JWS compact string' });
  }
  if (header.alg !== NODE_KEY_ALG || header.typ !== ENTRY_TYP || typeof header.kid !== 'string') {
    throw new TiemengError('BAD_SIGNATURE', { message: 'An entry has an unexpected JWS header' });
  }
  const parts = jws.split('.');
  if (parts.length !== 3)
    throw new TiemengError('BAD_SIGNATURE', { message: 'An entry is not a JWS compact string' });
  const [protectedPart, payloadPart, signaturePart] = parts as [string, string, string];
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
  if (key instanceof Uint8Array || !('type' in key) || !(await verifyEd25519Jws(jws, key as PublicKey))) {
    throw badSignature(header.kid);
  }
  let parsed: ReturnType<typeof entryPayloadSchema.safeParse>;
  try {
    parsed = entryPayloadSchema.safeParse(decodeJwsPayload(jws));
  } catch {
    throw new TiemengError('BAD_SIGNATURE', { message: 'An entry payload is not JSON' });
  }
  if (!parsed.success)
    throw new TiemengError('INVALID_INPUT', { message: 'An entry payload is not a v1 entry' });
  const payload = parsed.data;
  if (payload.from !== peer) {
    throw new TiemengError('WRONG_SENDER', {
      message: `Entry ${payload.seq} is from ${payload.from}, not ${peer}`,
    });
  }
  if (payload.to !== self)
    throw new TiemengError('WRONG_RECIPIENT', { message: `Entry ${payload.seq} is for ${payload.to}` });
  return { jws, hash: entryHash(jws), payload };
}

const badSignature = (kid: string) =>
  new TiemengError('BAD_SIGNATURE', { message: `An entry's signature does not verify (kid ${kid})` });
