/**
 * Compact wire encodings of the set-reconciliation messages: bytes exchanged are what a run reports,
 * so lists travel as one base64url string of packed bytes rather than as JSON arrays. Unpacking what
 * a peer sent refuses anything malformed with `INVALID_INPUT`.
 */
import { TiemengError } from '../errors/index.ts';

/** A bucket's fingerprint: how many records it holds and the XOR of their 64-bit `fp` (16 hex). */
export interface Fingerprint {
  n: number;
  x: string;
}

/** One record of a bucket: its id (UUID) and 64-bit fingerprint (16 hex). */
export interface Item {
  id: string;
  fp: string;
}

export const FANOUT = 16;
export const EMPTY: Fingerprint = { n: 0, x: '0000000000000000' };

const FP_BYTES = 12; // uint32 count + 8 bytes XOR
const ITEM_BYTES = 24; // 16 bytes UUID + 8 bytes fp

export const sameFingerprint = (a: Fingerprint, b: Fingerprint) => a.n === b.n && a.x === b.x;

/**
 * The 16 children fingerprints of a bucket: a 16-bit map of the non-empty children, then count and
 * XOR of each of those (empty children cost one bit).
 */
export function packFingerprints(children: readonly Fingerprint[]): string {
  const present = children.map((c, i) => [c, i] as const).filter(([c]) => c.n > 0);
  const buf = Buffer.alloc(2 + present.length * FP_BYTES);
  let map = 0;
  present.forEach(([c, i], k) => {
    map |= 1 << i;
    buf.writeUInt32BE(c.n, 2 + k * FP_BYTES);
    buf.write(c.x, 2 + k * FP_BYTES + 4, 'hex');
  });
  buf.writeUInt16BE(map, 0);
  return buf.toString('base64url');
}

export function unpackFingerprints(packed: string): Fingerprint[] {
  const buf = Buffer.from(packed, 'base64url');
  if (buf.length < 2) throw malformed('fingerprint list too short');
  const map = buf.readUInt16BE(0);
  const out: Fingerprint[] = [];
  let k = 0;
  for (let i = 0; i < FANOUT; i++) {
    if (!(map & (1 << i))) {
      out.push(EMPTY);
      continue;
    }
    const at = 2 + k++ * FP_BYTES;
    if (at + FP_BYTES > buf.length) throw malformed('fingerprint list truncated');
    out.push({ n: buf.readUInt32BE(at), x: buf.subarray(at + 4, at + FP_BYTES).toString('hex') });
  }
  if (2 + k * FP_BYTES !== buf.length) throw malformed('fingerprint list has trailing bytes');
  return out;
}

export function packItems(items: readonly Item[]): string {
  const buf = Buffer.alloc(items.length * ITEM_BYTES);
  items.forEach((item, k) => {
    buf.write(item.id.replaceAll('-', ''), k * ITEM_BYTES, 'hex');
    buf.write(item.fp, k * ITEM_BYTES + 16, 'hex');
  });
  return buf.toString('base64url');
}

export function unpackItems(packed: string): Item[] {
  const buf = Buffer.from(packed, 'base64url');
  if (buf.length % ITEM_BYTES !== 0) throw malformed('item list has a partial item');
  const out: Item[] = [];
  for (let at = 0; at < buf.length; at += ITEM_BYTES) {
    out.push({ id: uuidAt(buf, at), fp: buf.subarray(at + 16, at + ITEM_BYTES).toString('hex') });
  }
  return out;
}

export function packIds(ids: readonly string[]): string {
  const buf = Buffer.alloc(ids.length * 16);
  ids.forEach((id, k) => {
    buf.write(id.replaceAll('-', ''), k * 16, 'hex');
  });
  return buf.toString('base64url');
}

export function unpackIds(packed: string): string[] {
  const buf = Buffer.from(packed, 'base64url');
  if (buf.length % 16 !== 0) throw malformed('id list has a partial id');
  const out: string[] = [];
  for (let at = 0; at < buf.length; at += 16) out.push(uuidAt(buf, at));
  return out;
}

const malformed = (what: string) =>
  new TiemengError('INVALID_INPUT', { message: `Malformed reconciliation message: ${what}` });

function uuidAt(buf: Buffer, at: number): string {
  const h = buf.subarray(at, at + 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
