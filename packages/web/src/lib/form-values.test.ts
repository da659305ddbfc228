import { describe, expect, it } from 'vitest';
import { toInput } from './form-values.ts';

describe('a step form’s values as the API takes them', () => {
  it('completes a request: numbers as numbers, the checkbox as a boolean, an empty remark left out', () => {
    const fields = [
      { name: 'outcome', kind: 'select' },
      { name: 'text', kind: 'textarea' },
      { name: 'suspectsIntercepted', kind: 'number' },
      { name: 'caseSolved', kind: 'checkbox' },
      { name: 'remark', kind: 'text' },
    ] as const;
    expect(
      toInput(fields, {
        outcome: 'intercepted',
        text: '桥头拦截',
        suspectsIntercepted: '2',
        caseSolved: true,
        remark: '  ',
      }),
    ).toEqual({ outcome: 'intercepted', text: '桥头拦截', suspectsIntercepted: 2, caseSolved: true });
  });

  it('sends a local date-time as an instant', () => {
    const at = toInput([{ name: 'time', kind: 'datetime' }], { time: '2026-12-03T02:30' }).time as string;
    expect(Date.parse(at)).toBe(new Date('2026-12-03T02:30').getTime());
    expect(at).toMatch(/Z$/);
  });
});
