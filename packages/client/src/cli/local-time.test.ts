import { describe, expect, it } from 'vitest';
import { localTime, timeZone } from './local-time.ts';

describe('times in the node time zone', () => {
  it('shows UTC instants in Asia/Shanghai by default', () => {
    expect(timeZone({})).toBe('Asia/Shanghai');
    expect(localTime('2025-06-13T17:40:00.000Z')).toBe('2025-06-14 01:40 +08:00');
  });

  it('follows TIEMENG_TZ, and ignores a zone that does not exist', () => {
    expect(localTime('2025-06-13T17:40:00.000Z', timeZone({ TIEMENG_TZ: 'UTC' }))).toBe(
      '2025-06-13 17:40 +00:00',
    );
    expect(timeZone({ TIEMENG_TZ: 'Mars/Olympus' })).toBe('Asia/Shanghai');
  });

  it('prints none as a dash', () => {
    expect(localTime(null)).toBe('—');
  });
});
