import { describe, expect, it } from 'vitest';
import { UnknownAccounts } from './unknown-accounts.ts';

describe('failed sign-ins on unknown usernames', () => {
  const now = new Date('2026-01-01T02:00:00Z');

  it('lock a name at the limit, for the lock-out time, and count again after it', () => {
    const unknown = new UnknownAccounts({ maxFailedLogins: 3, lockoutSeconds: 60 });
    for (let i = 0; i < 2; i++) unknown.recordFailure('nobody', now);
    expect(unknown.lockedUntil('nobody', now)).toBeUndefined();
    unknown.recordFailure('nobody', now);
    expect(unknown.lockedUntil('nobody', now)).toEqual(new Date(now.getTime() + 60_000));
    expect(unknown.lockedUntil('nobody', new Date(now.getTime() + 60_000))).toBeUndefined();
  });

  it('are remembered for the most recent names only', () => {
    const unknown = new UnknownAccounts({ maxFailedLogins: 1, lockoutSeconds: 60 }, 2);
    for (const name of ['a', 'b', 'c']) unknown.recordFailure(name, now);
    expect(['a', 'b', 'c'].map((n) => unknown.lockedUntil(n, now) !== undefined)).toEqual([
      false,
      true,
      true,
    ]);
  });
});
