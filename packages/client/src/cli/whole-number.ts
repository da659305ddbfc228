import { InvalidArgumentError } from 'commander';

/**
 * A commander option parser for counts and numbers: a positive whole number, or a usage error (exit
 * 2) naming the option, rather than `10abc` read as 10, `1.5` as 1 or `0x10` as 16.
 *
 * @example
 * command.option('--limit <n>', 'page size', positiveInteger, 50);
 */
export function positiveInteger(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('Not a positive whole number.');
  return n;
}

/** The same for counts that may be zero (persons located, suspects intercepted). */
export function wholeNumber(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('Not a whole number.');
  return n;
}
