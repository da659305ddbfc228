import { sql } from 'kysely';
import { OPEN_STATUSES } from '../assistance-type.ts';

/** SQL twin of `deadlines().overdue` over a projection row: open and past a signed due time at `now`. */
export const overdueAt = (now: Date) =>
  sql<boolean>`(status in (${sql.join(OPEN_STATUSES)}) and (
      ((state->>'acknowledgedAt') is null and (state->>'dueAckAt')::timestamptz < ${now})
      or (state->>'dueCompleteAt')::timestamptz < ${now}))`;
