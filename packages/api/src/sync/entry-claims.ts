import { sha256Hex } from '../crypto/hash.ts';
import { decodeJwsPayload } from '../crypto/jws.ts';
import { TiemengError } from '../errors/index.ts';
import { type EntryPayload, entryPayloadSchema } from './entry-payload.ts';

/** An entry as trusted once verified: the JWS, its hash (its identity in its link) and its claims. */
export interface VerifiedEntry {
  jws: string;
  hash: string;
  payload: EntryPayload;
}

/** SHA-256 of the JWS bytes: the entry's identity in its link. */
export const entryHash = (jws: string): string => sha256Hex(jws);

/**
 * The claims of an entry from `peer` to `self` whose signature has just verified: well-formed v1
 * claims, `from` = peer, `to` = self. Throws the typed refusal of one that is not.
 */
export function entryClaims(jws: string, peer: string, self: string): VerifiedEntry {
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
  if (payload.to !== self) {
    throw new TiemengError('WRONG_RECIPIENT', { message: `Entry ${payload.seq} is for ${payload.to}` });
  }
  return { jws, hash: entryHash(jws), payload };
}

/** The refusal of an entry whose signature does not verify with the key its header names. */
export const badSignature = (kid: string) =>
  new TiemengError('BAD_SIGNATURE', { message: `An entry's signature does not verify (kid ${kid})` });
