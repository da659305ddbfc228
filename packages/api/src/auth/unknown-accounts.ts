/**
 * Failed sign-ins on usernames no officer has, counted and locked exactly as a real account's, so
 * that `ACCOUNT_LOCKED` after repeated failures does not tell which usernames exist. Kept in memory,
 * for the most recent `capacity` usernames: a name is worth nothing to remember once forgotten, and
 * every attempt already costs the caller a password hash's time.
 *
 * @example
 * const unknown = new UnknownAccounts({ maxFailedLogins: 5, lockoutSeconds: 900 });
 * unknown.lockedUntil('zj.nobody', now); // undefined
 * unknown.recordFailure('zj.nobody', now); // after the fifth: locked for 15 minutes
 */
export class UnknownAccounts {
  readonly #limits: { maxFailedLogins: number; lockoutSeconds: number };
  readonly #capacity: number;
  readonly #accounts = new Map<string, { failed: number; lockedUntil: number | null }>();

  constructor(limits: { maxFailedLogins: number; lockoutSeconds: number }, capacity = 10_000) {
    this.#limits = limits;
    this.#capacity = capacity;
  }

  /** Until when `username` is locked, if it is now. */
  lockedUntil(username: string, now: Date): Date | undefined {
    const until = this.#accounts.get(username)?.lockedUntil;
    return until && until > now.getTime() ? new Date(until) : undefined;
  }

  /** Counts a failure; the limit locks the name (and starts the count again), as for an officer. */
  recordFailure(username: string, now: Date): void {
    const account = this.#accounts.get(username) ?? { failed: 0, lockedUntil: null };
    account.failed++;
    if (account.failed >= this.#limits.maxFailedLogins) {
      account.failed = 0;
      account.lockedUntil = now.getTime() + this.#limits.lockoutSeconds * 1000;
    }
    // Most recently failed last, so the oldest goes first when full.
    this.#accounts.delete(username);
    this.#accounts.set(username, account);
    if (this.#accounts.size > this.#capacity) this.#accounts.delete(this.#accounts.keys().next().value!);
  }
}
