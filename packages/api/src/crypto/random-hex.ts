import { randomFillSync } from 'node:crypto';

/** Bytes drawn from the system at a time: one call per 256 trace ids instead of one per id. */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

/**
 * `bytes` random bytes as lower-case hex, cut from a pooled buffer refilled from the system's
 * CSPRNG (as `crypto.randomUUID` does): every request takes a trace and a span id, and a system
 * call each was a measurable share of a cheap read's cost.
 *
 * @example
 * randomHex(16); // '4bf92f3577b34da6a3ce929d0e0e4736'
 */
export function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  // Never handed out twice.
  pool.fill(0, offset, offset + bytes);
  offset += bytes;
  return hex;
}
