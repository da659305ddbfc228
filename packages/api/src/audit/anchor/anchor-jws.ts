import { compactVerify, errors, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { TiemengError } from '../../errors/index.ts';
import { NODE_KEY_ALG } from '../../keys/key-store.ts';
import type { Signer } from '../../keys/signer.ts';

export const ANCHOR_TYP = 'tiemeng-anchor+jws';

/**
 * An audit anchor: `node` signs that its audit chain's row `rowId` has hash `hash`, and hands it to
 * `witness`. Because every row's hash covers all rows before it, the witness's copy pins the whole
 * history up to that row: a node that later rewrites it cannot produce the anchored hash again.
 */
export const anchorClaimsSchema = z
  .object({
    v: z.literal(1),
    node: z.string().min(1).max(64),
    witness: z.string().min(1).max(64),
    rowId: z.number().int().positive(),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    at: z.iso.datetime({ offset: true }),
  })
  .strict();

export type AnchorClaims = z.infer<typeof anchorClaimsSchema>;

export function signAnchor(signer: Signer, claims: AnchorClaims): string {
  return signer.signCanonical(claims, ANCHOR_TYP);
}

/** Verifies an anchor signed by `node` for `witness` with one of `keys`; BAD_SIGNATURE / UNKNOWN_KEY otherwise. */
export async function verifyAnchor(
  jws: string,
  keys: JWTVerifyGetKey,
  expected: { node: string; witness: string },
): Promise<AnchorClaims> {
  let payload: Uint8Array;
  let typ: unknown;
  try {
    ({
      payload,
      protectedHeader: { typ },
    } = await compactVerify(jws, keys, { algorithms: [NODE_KEY_ALG] }));
  } catch (err) {
    if (err instanceof errors.JWKSNoMatchingKey) {
      throw new TiemengError('UNKNOWN_KEY', {
        message: `Audit anchor of ${expected.node} signed with an unknown key`,
      });
    }
    throw new TiemengError('BAD_SIGNATURE', {
      message: `An audit anchor of ${expected.node} does not verify`,
    });
  }
  let claims: AnchorClaims;
  try {
    claims = anchorClaimsSchema.parse(JSON.parse(new TextDecoder().decode(payload)));
  } catch {
    throw new TiemengError('BAD_SIGNATURE', { message: 'An audit anchor payload is not a v1 anchor' });
  }
  if (typ !== ANCHOR_TYP || claims.node !== expected.node || claims.witness !== expected.witness) {
    throw new TiemengError('BAD_SIGNATURE', {
      message: `The audit anchor is not ${expected.node}'s anchor for ${expected.witness}`,
    });
  }
  return claims;
}
