import { describe, expect, it } from 'vitest';
import { monthsOf, presets } from './period.ts';

describe('the dashboard periods', () => {
  it('offers this year, last year, this quarter and this month in China Standard Time', () => {
    // 2026-12-31 20:00 UTC is already 2027-01-01 in Beijing.
    const p = presets(new Date('2026-12-31T20:00:00Z'));
    expect(p.year).toEqual({ from: '2027-01-01', to: '2027-12-31' });
    expect(p.lastYear).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(presets(new Date('2026-05-10T00:00:00Z')).quarter).toEqual({
      from: '2026-04-01',
      to: '2026-06-30',
    });
    expect(presets(new Date('2024-02-10T00:00:00Z')).month).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });

  it('lists the months a period covers', () => {
    expect(monthsOf({ from: '2025-11-15', to: '2026-02-01' })).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });
});
