import { describe, expect, it } from 'vitest';
import { deskOrder } from './desk-order.ts';

const row = (id: string, priority: string, status: string, dueAckAt: string, filedAt = dueAckAt) => ({
  id,
  priority,
  status,
  dueAckAt,
  ackInTime: status === 'filed' ? null : true,
  filedAt,
});

describe('the duty desk order', () => {
  it('puts urgent requests awaiting acknowledgement on top, soonest due first', () => {
    const rows = [
      row('normal-working', 'normal', 'in_progress', '2026-12-03T01:00:00Z'),
      row('normal-new', 'normal', 'filed', '2026-12-03T03:00:00Z'),
      row('urgent-later', 'urgent', 'filed', '2026-12-03T02:30:00Z'),
      row('urgent-sooner', 'urgent', 'filed', '2026-12-03T02:15:00Z'),
      row('urgent-working', 'urgent', 'acknowledged', '2026-12-03T00:15:00Z'),
    ];
    expect(deskOrder(rows).map((r) => r.id)).toEqual([
      'urgent-sooner',
      'urgent-later',
      'normal-new',
      'urgent-working',
      'normal-working',
    ]);
  });
});
