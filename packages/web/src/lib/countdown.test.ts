import { describe, expect, it } from 'vitest';
import { countdown, formatDuration } from './countdown.ts';

const filed = Date.parse('2026-12-03T02:00:00Z');
const urgentDue = '2026-12-03T02:15:00Z'; // 15 minutes, as signed into an urgent filing

describe('the acknowledgement countdown on the duty desk', () => {
  it('counts down from the signed due time', () => {
    const c = countdown(urgentDue, filed);
    expect(c).toEqual({ state: 'running', ms: 15 * 60_000, text: '15:00', red: false });
    expect(countdown(urgentDue, filed + 14 * 60_000 + 59_500).text).toBe('0:01');
  });

  it('turns red once the due time passes without acknowledgement', () => {
    const c = countdown(urgentDue, filed + 16 * 60_000 + 5_000);
    expect(c.state).toBe('overdue');
    expect(c.red).toBe(true);
    expect(c.text).toBe('1:05');
  });

  it('stops when acknowledged, saying whether it was in time', () => {
    expect(countdown(urgentDue, filed + 60 * 60_000, true)).toMatchObject({
      state: 'done',
      red: false,
    });
    expect(countdown(urgentDue, filed + 60 * 60_000, false)).toMatchObject({
      state: 'late',
      red: false,
    });
  });

  it('shows hours and days for the longer deadlines of normal requests', () => {
    expect(formatDuration(2 * 3600_000)).toBe('2:00:00');
    expect(formatDuration(7 * 86_400_000 + 61_000)).toBe('7d 0:01:01');
  });
});
