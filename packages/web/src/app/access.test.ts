import { describe, expect, it } from 'vitest';
import { afterSignIn, homePath, mayUse } from './access.ts';

describe('pages by role', () => {
  it('keeps officers to field pages and lands each role on a page it may use', () => {
    expect(mayUse('desk', ['officer'])).toBe(true);
    for (const page of ['admin', 'audit', 'dashboard', 'links'] as const)
      expect(mayUse(page, ['officer'])).toBe(false);
    expect(homePath(['duty'])).toBe('/desk');
    expect(homePath(['auditor'])).toBe('/audit');
    expect(homePath(['admin'])).toBe('/dashboard');
  });

  it('goes back after sign-in only to a page of the console', () => {
    expect(afterSignIn('next=%2Fdesk%3Ftab%3Doutbound')).toBe('/desk?tab=outbound');
    expect(afterSignIn('next=%2F%2Fevil.example%2F')).toBeNull();
    expect(afterSignIn('next=https%3A%2F%2Fevil.example%2F')).toBeNull();
    expect(afterSignIn('')).toBeNull();
  });
});
