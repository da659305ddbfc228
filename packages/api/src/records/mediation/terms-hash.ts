import { hashCanonical } from '../../crypto/hash.ts';

/**
 * The hash both nodes sign for agreement terms: SHA-256 of the terms' canonical JSON (RFC 8785).
 * The proposing node computes it; every fold recomputes it, so a proposal whose hash does not match
 * its text never takes effect and a signature always names exactly one text.
 */
export function termsHash(terms: string): string {
  return hashCanonical({ terms });
}
