/**
 * Verifies a timeline step's signed link entry in the browser, with WebCrypto Ed25519, against the
 * public keys of the node that wrote it: the officer sees what that node signed, not the server's word.
 */
export interface PublicJwk {
  kid?: string;
  kty?: string;
  crv?: string;
  x?: string;
}

export interface KeysByNode {
  nodes: { nodeId: string; keys: PublicJwk[] }[];
}

export type SigReason =
  | 'noEntry'
  | 'malformed'
  | 'noKey'
  | 'badSignature'
  | 'wrongId'
  | 'noCrypto'
  | 'noEd25519';

export type SigVerdict =
  | { status: 'verified'; kid: string; seq: number | null }
  | { status: 'invalid'; reason: SigReason; kid: string | null }
  | { status: 'unavailable'; reason: 'noCrypto' | 'noEd25519' };

const ENTRY_TYP = 'tiemeng-entry+jws';
const utf8 = new TextEncoder();

function base64urlBytes(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function base64urlJson(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(new TextDecoder().decode(base64urlBytes(text)));
  if (typeof value !== 'object' || value === null) throw new Error('not an object');
  return value as Record<string, unknown>;
}

/** Imported keys by node, kid and x: importing once per key, not per step. */
const imported = new Map<string, Promise<CryptoKey>>();

function importKey(subtle: SubtleCrypto, jwk: PublicJwk): Promise<CryptoKey> {
  const id = `${jwk.kid}:${jwk.x}`;
  let key = imported.get(id);
  if (!key) {
    key = subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, { name: 'Ed25519' }, false, [
      'verify',
    ]);
    imported.set(id, key);
    key.catch(() => imported.delete(id));
  }
  return key;
}

/**
 * Verifies `jws` as the entry of event `eventId` authored by node `author`, with that node's keys
 * from `keys`. `subtle` is missing outside secure contexts (plain HTTP on a LAN address).
 */
export async function verifyEntry(
  jws: string | null | undefined,
  expected: { eventId: string; author: string },
  keys: KeysByNode,
  subtle: SubtleCrypto | null = globalThis.crypto?.subtle ?? null,
): Promise<SigVerdict> {
  if (!subtle) return { status: 'unavailable', reason: 'noCrypto' };
  if (!jws) return { status: 'invalid', reason: 'noEntry', kid: null };
  const parts = jws.split('.');
  if (parts.length !== 3) return { status: 'invalid', reason: 'malformed', kid: null };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = base64urlJson(headerPart);
    payload = base64urlJson(payloadPart);
  } catch {
    return { status: 'invalid', reason: 'malformed', kid: null };
  }
  const kid = typeof header.kid === 'string' ? header.kid : null;
  if (header.alg !== 'EdDSA' || header.typ !== ENTRY_TYP || kid === null)
    return { status: 'invalid', reason: 'malformed', kid };
  const jwk = keys.nodes.find((n) => n.nodeId === expected.author)?.keys.find((k) => k.kid === kid);
  if (!jwk?.x) return { status: 'invalid', reason: 'noKey', kid };
  let ok: boolean;
  try {
    const key = await importKey(subtle, jwk);
    ok = await subtle.verify(
      { name: 'Ed25519' },
      key,
      base64urlBytes(signaturePart),
      utf8.encode(`${headerPart}.${payloadPart}`),
    );
  } catch (err) {
    // Old browsers without Ed25519 in WebCrypto refuse the algorithm itself.
    if (err instanceof Error && err.name === 'NotSupportedError')
      return { status: 'unavailable', reason: 'noEd25519' };
    return { status: 'invalid', reason: 'badSignature', kid };
  }
  if (!ok) return { status: 'invalid', reason: 'badSignature', kid };
  if (payload.id !== expected.eventId || payload.from !== expected.author)
    return { status: 'invalid', reason: 'wrongId', kid };
  return { status: 'verified', kid, seq: typeof payload.seq === 'number' ? payload.seq : null };
}
