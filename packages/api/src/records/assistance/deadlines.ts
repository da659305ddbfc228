import type { AssistanceState } from './assistance-type.ts';
import { OPEN_STATUSES } from './assistance-type.ts';

export interface DeadlineView {
  dueAckAt: string;
  dueCompleteAt: string;
  /** Whether acknowledgement / completion came in time; null while it has not happened. */
  ackInTime: boolean | null;
  completedInTime: boolean | null;
  ackOverdue: boolean;
  completeOverdue: boolean;
  overdue: boolean;
}

/**
 * Deadlines of a request at `now`. Due times come from the signed filing (author time + the agreement
 * in force then), so both nodes agree; only `now` is local.
 */
export function deadlines(
  state: Pick<AssistanceState, 'dueAckAt' | 'dueCompleteAt' | 'acknowledgedAt' | 'completedAt'>,
  status: string,
  now: Date,
): DeadlineView {
  const t = now.getTime();
  const open = OPEN_STATUSES.some((s) => s === status);
  const by = (at: string | null, due: string) => (at === null ? null : Date.parse(at) <= Date.parse(due));
  const ackOverdue = open && state.acknowledgedAt === null && t > Date.parse(state.dueAckAt);
  const completeOverdue = open && t > Date.parse(state.dueCompleteAt);
  return {
    dueAckAt: state.dueAckAt,
    dueCompleteAt: state.dueCompleteAt,
    ackInTime: by(state.acknowledgedAt, state.dueAckAt),
    completedInTime: by(state.completedAt, state.dueCompleteAt),
    ackOverdue,
    completeOverdue,
    overdue: ackOverdue || completeOverdue,
  };
}
