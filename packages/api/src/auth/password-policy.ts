import { dictionary } from '@zxcvbn-ts/language-common';

/** Shortest password an officer may choose (README, account policy). */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

/**
 * Passwords leaked most often (zxcvbn's list of about 49,000, bundled with the package), compared
 * without case: a password on it is refused whatever its length.
 */
const COMMON = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

/**
 * Why `password` may not be chosen by `username`, or undefined when it may: too short or long, on
 * the common list, or the username itself (with or without its station prefix).
 *
 * @example
 * passwordProblem('password123', 'zj.duty'); // 'The password is among the most common ones'
 */
export function passwordProblem(password: string, username: string): string | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `The password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `The password may have at most ${MAX_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'The password is among the most common ones';
  const name = username.toLowerCase();
  if (lower.includes(name) || lower.includes(name.split('.').pop() ?? name))
    return 'The password may not contain the username';
  return undefined;
}
