import { describe, expect, it } from 'vitest';
import { isValidResidentId } from '../../../api/src/records/notice/id-number.ts';
import { checkIdNumber } from './id-number.ts';

describe('the ID number check while typing', () => {
  it('accepts a number with the right check character, x or X', () => {
    expect(checkIdNumber('11010519491231002X')).toBe('ok');
    expect(checkIdNumber('11010519491231002x')).toBe('ok');
  });

  it('says what is wrong as the officer types', () => {
    expect(checkIdNumber('')).toBe('empty');
    expect(checkIdNumber('110105')).toBe('incomplete');
    expect(checkIdNumber('11010519491231002A')).toBe('bad-shape');
    expect(checkIdNumber('110105194913310029')).toBe('bad-date');
    expect(checkIdNumber('110105194912310021')).toBe('bad-check');
  });

  it('agrees with the node on every check character of one number', () => {
    for (const c of '0123456789X') {
      const id = `11010519491231002${c}`;
      expect(checkIdNumber(id) === 'ok').toBe(isValidResidentId(id));
    }
  });
});
