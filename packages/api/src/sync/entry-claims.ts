import { sha256Hex } from '../crypto/hash.ts';
import { decodeJwsPayload } from '../crypto/jws.ts';
import { type EntryPayload, entryPayloadSchema } from './entry-payload.ts';

/** Why an entry whose signature was checked is refused: an error code and its message. */
export interface EntryRefusal {
  refused: 'BAD_SIGNATURE' | 'INVALID_INPUT' | 'WRONG_SENDER' | 'WRONG_RECIPIENT';
  message: string;
}

/** An entry as trusted once verified: the JWS, its hash (its identity in its link) and its claims. */
export interface VerifiedEntry {
  jws: string;
  hash: string;
  payload: EntryPayload;
}

/**
 * The claims of an entry from `peer` to `self` whose signature has just verified: well-formed v1
 * claims, `from` = peer, `to` = self. Pure: a refusal is answered, not thrown.
 */
export function entryClaims(jws: string, peer: string, self: string): VerifiedEntry | EntryRefusal {
  let parsed: ReturnType<typeof entryPayloadSchema.safeParse>;
  try {
    parsed = entryPayloadSchema.safeParse(decodeJwsPayload(jws));
  } catch {
    return { refused: 'BAD_SIGNATURE', message: 'An entry payload is not JSON' };
  }
  if (!parsed.success) return { refused: 'INVALID_INPUT', message: 'An entry payload is not a v1 entry' };
  const payload = parsed.data;
  if (payload.from !== peer) {
    return { refused: 'WRONG_SENDER', message: `Entry ${payload.seq} is from ${payload.from}, not ${peer}` };
  }
  if (payload.to !== self) {
    return { refused: 'WRONG_RECIPIENT', message: `Entry ${payload.seq} is for ${payload.to}` };
  }
  return { jws, hash: sha256Hex(jws), payload };
}

/** The refusal of an entry whose signature does not verify with the key its header names. */
export const badSignature = (kid: string): EntryRefusal => ({
  refused: 'BAD_SIGNATURE',
  message: `An entry's signature does not verify (kid ${kid})`,
});
