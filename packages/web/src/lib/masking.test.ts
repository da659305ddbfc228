import { describe, expect, it } from 'vitest';
import { groupIdNumber, idNumberParts, isMaskedId, maskName } from './masking.ts';

describe('masked personal data in lists and record pages', () => {
  it('splits a masked ID number into its shown and hidden runs', () => {
    expect(idNumberParts('3303**********1234')).toEqual([
      { text: '3303', masked: false },
      { text: '**********', masked: true },
      { text: '1234', masked: false },
    ]);
    expect(isMaskedId('3303**********1234')).toBe(true);
  });

  it('groups a revealed ID number as region, birth date and sequence', () => {
    expect(isMaskedId('11010519491231002X')).toBe(false);
    expect(groupIdNumber('11010519491231002X')).toBe('110105 19491231 002X');
    expect(groupIdNumber('3303**********1234')).toBe('3303**********1234');
  });

  it('keeps only the first character of a name', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('Anna')).toBe('A***');
    expect(maskName('')).toBe('');
  });
});
