/**
 * PRC resident identity numbers (居民身份证号码, GB 11643-1999): 6-digit region code, 8-digit birth
 * date, 3-digit sequence, and a check character computed with ISO 7064 MOD 11-2. Pure functions, so
 * the fold can vet a partner's signed notice exactly as the input schema vets an officer's.
 */

/** Weight of position i is 2^(17-i) mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character for (weighted sum mod 11). */
const CHECK = '10X98765432';

const SHAPE = /^[1-9]\d{16}[\dX]$/;

/** The check character ISO 7064 MOD 11-2 assigns to the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('17 digits expected');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Whether the embedded YYYYMMDD is a real calendar date. */
function hasRealBirthDate(id: string): boolean {
  const [y, m, d] = [id.slice(6, 10), id.slice(10, 12), id.slice(12, 14)].map(Number) as [
    number,
    number,
    number,
  ];
  if (y < 1850) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Whether `id` is a well-formed 18-character resident ID: shape, a real birth date and the right
 * check character. Expects upper case `X` (the input schema upper-cases before calling).
 */
export function isValidResidentId(id: string): boolean {
  return SHAPE.test(id) && hasRealBirthDate(id) && residentIdCheckChar(id.slice(0, 17)) === id[17];
}

/** For lists and ordinary reads: first 4 and last 4 kept, e.g. `3303**********1234`. */
export function maskIdNumber(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}
