import { randomUUID } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { Clock } from '../clock.ts';
import { sha256Hex } from '../crypto/hash.ts';
import { TiemengError } from '../errors/index.ts';
import { NODE_KEY_ALG } from '../keys/key-store.ts';
import type { Signer } from '../keys/signer.ts';

export const NODE_TOKEN_TYP = 'node+jwt';
/** Longest lifetime a node token may claim. */
export const NODE_TOKEN_MAX_SECONDS = 60;
const TTL_SECONDS = 30;
const SKEW_SECONDS = 5;

/**
 * A node token for one call to `peer`: iss = this node, aud = peer, short-lived, unique jti, `proc`,
 * the procedure called, and `bh`, the SHA-256 of the request body (POST) or of the raw `input` query
 * value (GET), so neither the body nor the procedure can be swapped.
 */
export function issueNodeToken(
  signer: Signer,
  peer: string,
  procedure: string,
  body: string,
): Promise<string> {
  return signer.signJwt(
    { jti: randomUUID(), proc: procedure, bh: sha256Hex(body) },
    { audience: peer, ttlSeconds: TTL_SECONDS, typ: NODE_TOKEN_TYP },
  );
}

export interface VerifiedNodeToken {
  issuer: string;
  jti: string;
  expiresAt: Date;
}

/** Whether a bearer token says it is a node token (unverified: its header only). */
export function isNodeToken(token: string): boolean {
  try {
    return decodeProtectedHeader(token).typ === NODE_TOKEN_TYP;
  } catch {
    return false;
  }
}

/**
 * Verifies a peer's node token: configured issuer, signature by one of its keys, audience, lifetime,
 * body hash and procedure. Replay (jti) is checked by the caller, which owns the database.
 */
export async function verifyNodeToken(options: {
  token: string;
  nodeId: string;
  /** The procedure called, which the token must name. */
  procedure: string;
  body: string;
  clock: Clock;
  keysOf: (peer: string) => JWTVerifyGetKey | undefined;
  /** Told the issuer once its signature holds, so a refusal after that (body, lifetime) can name it. */
  signedBy?: (issuer: string) => void;
}): Promise<VerifiedNodeToken> {
  let issuer: string;
  try {
    issuer = String(decodeJwt(options.token).iss ?? '');
  } catch {
    throw new TiemengError('NODE_TOKEN_INVALID', { message: 'The node token is not a JWT' });
  }
  // Checked again with the signature below; here it only gives an officer's token a plain answer.
  if (!isNodeToken(options.token)) {
    throw new TiemengError('NODE_TOKEN_INVALID', {
      message: `Only peer nodes call this procedure, with a node token (typ ${NODE_TOKEN_TYP})`,
    });
  }
  const keys = options.keysOf(issuer);
  if (!keys)
    throw new TiemengError('UNKNOWN_PEER', {
      message: `Node ${issuer || '(none)'} is not a configured peer`,
    });
  let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
  try {
    ({ payload } = await jwtVerify(options.token, keys, {
      issuer,
      audience: options.nodeId,
      typ: NODE_TOKEN_TYP,
      algorithms: [NODE_KEY_ALG],
      currentDate: options.clock.now(),
      clockTolerance: SKEW_SECONDS,
      requiredClaims: ['exp', 'iat', 'jti'],
    }));
  } catch (err) {
    if (err instanceof errors.JWKSNoMatchingKey) {
      throw new TiemengError('UNKNOWN_KEY', {
        message: `Node token of ${issuer} signed with an unknown key`,
      });
    }
    // The peer's key set could not be read (its JWKS unreachable, slow, answering an error or
    // malformed): not the token's fault. jose reports some of those with no more specific class.
    if (
      err instanceof errors.JWKSTimeout ||
      err instanceof errors.JWKSInvalid ||
      !(err instanceof errors.JOSEError) ||
      err.code === errors.JOSEError.code
    ) {
      throw new TiemengError('PEER_KEYS_UNAVAILABLE', {
        message: `${issuer}'s public keys could not be fetched: ${(err as Error).message}`,
      });
    }
    const reason =
      err instanceof errors.JWTExpired ? 'expired' : err instanceof Error ? err.message : 'invalid';
    throw new TiemengError('NODE_TOKEN_INVALID', { message: `The node token is invalid: ${reason}` });
  }
  options.signedBy?.(issuer);
  const nowSeconds = options.clock.now().getTime() / 1000;
  if (payload.exp! > nowSeconds + NODE_TOKEN_MAX_SECONDS + SKEW_SECONDS) {
    throw new TiemengError('NODE_TOKEN_INVALID', {
      message: `A node token may live at most ${NODE_TOKEN_MAX_SECONDS} s`,
    });
  }
  if (payload.bh !== sha256Hex(options.body)) throw new TiemengError('BODY_MISMATCH');
  if (payload.proc !== options.procedure) {
    throw new TiemengError('NODE_TOKEN_INVALID', {
      message: `The node token is for ${typeof payload.proc === 'string' ? payload.proc : 'no procedure'}, not ${options.procedure}`,
    });
  }
  return { issuer, jti: payload.jti!, expiresAt: new Date(payload.exp! * 1000) };
}
