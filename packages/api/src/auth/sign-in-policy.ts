/**
 * The account policy: how failed sign-ins are throttled, without ever locking an account. The
 * README's "Account policy" states these numbers; change both together.
 *
 * - Per (account, address): 5 failures free, then each further attempt waits 1 s, 2 s, 4 s … (doubling
 *   from the last failure, at most 15 minutes). The count restarts after a success or 24 hours.
 * - Per address, across accounts: 30 failures an hour free, then the same growing delays.
 * - Per account: a budget of 50 failures an hour from addresses that have not signed in to it in
 *   the last 90 days; once spent, such addresses wait for the hour to end.
 * - An address that signed in to the account in the last 90 days is held only by its own
 *   (account, address) limit: an attacker elsewhere can never stop the owner signing in there.
 */
export const SIGN_IN_POLICY = {
  pair: { free: 5, windowSeconds: 24 * 3600 },
  address: { free: 30, windowSeconds: 3600 },
  account: { budget: 50, windowSeconds: 3600 },
  firstDelaySeconds: 1,
  maxDelaySeconds: 15 * 60,
  /** How long a successful sign-in from an address vouches for it. */
  knownAddressDays: 90,
} as const;

/** A failure counter as stored (`sign_in_throttle`). */
export interface FailureCount {
  failures: number;
  windowStart: Date;
  lastFailureAt: Date;
}

export type ThrottleKind = 'pair' | 'address' | 'account';

/** The counter keys an attempt on `username` from `address` touches. */
export function throttleKeys(username: string, address: string): Record<ThrottleKind, string> {
  return {
    pair: `pair\n${username}\n${address}`,
    address: `address\n${address}`,
    account: `account\n${username}`,
  };
}

/** The failures a counter still holds at `now`: none once its window has passed. */
export function liveFailures(kind: ThrottleKind, count: FailureCount | undefined, now: Date): number {
  if (!count) return 0;
  const windowMs = SIGN_IN_POLICY[kind].windowSeconds * 1000;
  return now.getTime() - count.windowStart.getTime() >= windowMs ? 0 : count.failures;
}

/**
 * Seconds to wait before the next attempt a counter allows, or 0 when it allows one now.
 * Pair and address counters grow a delay after their free failures; the account budget, once
 * spent, holds until its window ends.
 */
export function waitSeconds(kind: ThrottleKind, count: FailureCount | undefined, now: Date): number {
  const failures = liveFailures(kind, count, now);
  if (!count || failures === 0) return 0;
  let until: number;
  if (kind === 'account') {
    if (failures < SIGN_IN_POLICY.account.budget) return 0;
    until = count.windowStart.getTime() + SIGN_IN_POLICY.account.windowSeconds * 1000;
  } else {
    const free = SIGN_IN_POLICY[kind].free;
    if (failures < free) return 0;
    const delay = Math.min(
      SIGN_IN_POLICY.firstDelaySeconds * 2 ** (failures - free),
      SIGN_IN_POLICY.maxDelaySeconds,
    );
    until = count.lastFailureAt.getTime() + delay * 1000;
  }
  return Math.max(0, Math.ceil((until - now.getTime()) / 1000));
}
