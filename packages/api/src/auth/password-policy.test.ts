import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.ts';

describe('what password an officer may choose', () => {
  it('refuses short ones, common ones whatever their case, and ones made of the username', () => {
    expect(passwordProblem('short-pw', 'zj.duty')).toMatch(/at least 10/);
    expect(passwordProblem('password123', 'zj.duty')).toMatch(/common/);
    expect(passwordProblem('QWERTYUIOP', 'zj.duty')).toMatch(/common/);
    expect(passwordProblem('zj.duty-2026!', 'zj.duty')).toMatch(/username/);
  });

  it('accepts a long, uncommon passphrase', () => {
    expect(passwordProblem('harbour lantern 4 tides', 'zj.duty')).toBeUndefined();
  });
});
