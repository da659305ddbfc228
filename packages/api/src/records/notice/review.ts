import type { NoticeState, NoticeStatus } from './notice-type.ts';

/** A notice's status as reads and the list filter show it: `lapsed` is derived, never stored. */
export type EffectiveNoticeStatus = NoticeStatus | 'lapsed';

export interface ReviewView {
  /** The stored status, or `lapsed` once an active notice is past its review date. */
  status: EffectiveNoticeStatus;
  reviewDueAt: string;
  lapsed: boolean;
}

/**
 * A notice's status at `now`. The review date comes from signed events (author time of the last
 * issue/renew + the signed review period), so both nodes agree; only `now` is local. The list's
 * SQL filter (sql/list-notices.ts) applies the same rule.
 */
export function review(state: Pick<NoticeState, 'reviewDueAt'>, status: string, now: Date): ReviewView {
  const lapsed = status === 'active' && now.getTime() > Date.parse(state.reviewDueAt);
  return {
    status: lapsed ? 'lapsed' : status === 'resolved' ? 'resolved' : 'active',
    reviewDueAt: state.reviewDueAt,
    lapsed,
  };
}
