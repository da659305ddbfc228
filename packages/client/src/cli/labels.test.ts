import { describe, expect, it } from 'vitest';
import { label } from './labels.ts';

describe('labels', () => {
  it('every category, result and referral the mediation commands print has its Chinese name', () => {
    const values = [
      ...['neighbourhood', 'land_boundary', 'family', 'commercial', 'traffic', 'labour', 'other'],
      ...['partial', 'failed', 'referred', 'court', 'judicial_office', 'other_department'],
      ...['resolved', 'ongoing', 'unresolved'],
    ];
    for (const value of values) expect([value, label(value, 'zh')]).not.toEqual([value, value]);
    expect(label('land_boundary', 'en')).toBe('land_boundary');
  });
});
