import type { MediationState } from './mediation-type.ts';

export interface FollowUpView {
  followUpDueAt: string | null;
  followUpDoneAt: string | null;
  /** Whether the visit came by its due date; null while it has not happened (or none is due). */
  followUpInTime: boolean | null;
  followUpOverdue: boolean;
}

/**
 * The follow-up visit of a mediation at `now`. The due date comes from the signed outcome (author
 * time + the period in force then), so both nodes agree; only `now` is local. The list filter
 * `followUpOverdue` says the same in SQL (sql/list-mediation.ts).
 */
export function followUpView(
  state: Pick<MediationState, 'followUpDueAt' | 'followedUpAt'>,
  status: string,
  now: Date,
): FollowUpView {
  const due = state.followUpDueAt;
  const done = state.followedUpAt;
  return {
    followUpDueAt: due,
    followUpDoneAt: done,
    followUpInTime: due && done ? Date.parse(done) <= Date.parse(due) : null,
    followUpOverdue: status === 'concluded' && due !== null && now.getTime() > Date.parse(due),
  };
}
