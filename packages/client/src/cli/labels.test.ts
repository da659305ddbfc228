import { describe, expect, it } from 'vitest';
import { DISPUTE_TYPES, FOLLOW_UP_RESULTS, REFERRED_TO, RESULTS } from './commands/mediations.ts';
import { label, statusLabel } from './labels.ts';

describe('labels', () => {
  it('every category, result and referral the mediation commands print has its Chinese name', () => {
    const values = [...DISPUTE_TYPES, ...RESULTS, ...REFERRED_TO, ...FOLLOW_UP_RESULTS];
    for (const value of values) expect([value, label(value, 'zh')]).not.toEqual([value, value]);
    expect(label('land_boundary', 'en')).toBe('land_boundary');
  });

  it('statuses are the record types’ declared Chinese, and the API’s own spelling in English (what --status takes)', () => {
    expect(statusLabel('info_requested', 'zh')).toBe('待补充材料');
    expect(statusLabel('lapsed', 'zh')).toBe('已失效');
    expect(statusLabel('followed_up', 'zh')).toBe('已回访');
    expect(statusLabel('info_requested', 'en')).toBe('info_requested');
    expect(statusLabel('unheard_of', 'zh')).toBe('unheard_of');
  });
});
