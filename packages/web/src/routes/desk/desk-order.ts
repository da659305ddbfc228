/** The duty desk's order: what needs acknowledging first, urgent before normal, soonest due first. */
export interface DeskRow {
  priority: string;
  status: string;
  dueAckAt: string;
  ackInTime: boolean | null;
  filedAt: string;
}

/** Awaiting acknowledgement (urgent, then normal, by due time), then the rest newest first. */
export function deskOrder<R extends DeskRow>(rows: readonly R[]): R[] {
  const awaiting = (r: R) => r.status === 'filed' || (r.ackInTime === null && r.status === 'info_requested');
  return [...rows].sort((a, b) => {
    const wa = awaiting(a) ? 0 : 1;
    const wb = awaiting(b) ? 0 : 1;
    if (wa !== wb) return wa - wb;
    if (wa === 0) {
      const pa = a.priority === 'urgent' ? 0 : 1;
      const pb = b.priority === 'urgent' ? 0 : 1;
      if (pa !== pb) return pa - pb;
      return Date.parse(a.dueAckAt) - Date.parse(b.dueAckAt);
    }
    if (a.priority !== b.priority) return a.priority === 'urgent' ? -1 : 1;
    return Date.parse(b.filedAt) - Date.parse(a.filedAt);
  });
}
