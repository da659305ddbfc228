import { describe, expect, it } from 'vitest';
import { isValidResidentId, maskIdNumber, residentIdCheckChar } from './id-number.ts';
import { residentIdSchema } from './notice-data.ts';

describe('resident ID numbers (ISO 7064 MOD 11-2)', () => {
  it('computes the check character', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
  });

  it('accepts a number whose check character fits', () => {
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('440524188001010014')).toBe(true);
  });

  it('refuses a wrong check digit, a bad shape or an impossible birth date', () => {
    expect(isValidResidentId('110105194912310021')).toBe(false);
    expect(isValidResidentId('11010519491231002')).toBe(false);
    expect(isValidResidentId('11010519491231002XX')).toBe(false);
    expect(isValidResidentId('01010519491231002X')).toBe(false);
    expect(isValidResidentId('1101051949123100 X')).toBe(false);
    // 1949-02-30 does not exist, even with a check character computed for it.
    const first17 = '11010519490230002';
    expect(isValidResidentId(first17 + residentIdCheckChar(first17))).toBe(false);
  });

  it('the schema upper-cases a lower-case x before checking', () => {
    expect(residentIdSchema.parse(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(residentIdSchema.safeParse('110105194912310021').success).toBe(false);
  });

  it('masks all but the first and last four characters', () => {
    expect(maskIdNumber('330302199001011234')).toBe('3303**********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskIdNumber('1234')).toBe('****');
  });
});
