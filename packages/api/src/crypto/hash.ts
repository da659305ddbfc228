import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** SHA-256 as lowercase hex (one-shot: a third of a Hash object's cost for the short inputs hashed per call). */
export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}

/** RFC 8785 canonical JSON: the same value always serialises to the same bytes, on every node. */
export function canonicalJson(value: unknown): string {
  return canonicalize(value) ?? 'null';
}

/** SHA-256 of a value's canonical JSON. */
export function hashCanonical(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
