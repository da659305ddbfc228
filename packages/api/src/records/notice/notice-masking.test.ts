import { describe, expect, it } from 'vitest';
import { maskEventData, WITHHELD } from './notice-masking.ts';

describe("masking a notice event's subject", () => {
  it('masks a well-formed ID number, and hides whatever a rejected event carried instead', () => {
    expect(maskEventData({ subject: { name: '吴某', idNumber: '11010519491231002X' } })).toEqual({
      subject: { name: '吴某', idNumber: '1101**********002X' },
    });
    // Rejected events are stored unvalidated: a number, or no object at all, must not break a read.
    expect(maskEventData({ subject: { name: '吴某', idNumber: 42 } })).toEqual({
      subject: { name: '吴某', idNumber: '********' },
    });
    expect(maskEventData({ subject: '11010519491231002X' })).toEqual({ subject: WITHHELD });
  });
});
