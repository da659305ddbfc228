import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';
import type { RecordStore } from '../../record-store.ts';
import { containing, newestFirst, pageOf, summaryRows } from '../../sql/newest-first-page.ts';
import { ASSISTANCE, type AssistanceState } from '../assistance-type.ts';
import { overdueAt } from './overdue-at.ts';
import { urgencyFirst, urgencyPageOf } from './urgency-first.ts';

export interface AssistanceListFilter {
  direction?: 'inbound' | 'outbound';
  status?: string[];
  priority?: 'urgent' | 'normal';
  category?: string;
  /** Requesting or addressed station. */
  station?: string;
  overdue?: boolean;
  /** Words in the title or details. */
  text?: string;
  /** `newest` first (the default), or `urgency`: urgent and overdue first (the duty desk's inbox). */
  order?: 'newest' | 'urgency';
  cursor?: string;
  limit: number;
}

/** The state fields a request's summary shows (`AssistanceSummaryState`). */
export const SUMMARY_FIELDS = [
  'requestingNode',
  'category',
  'priority',
  'title',
  'requestingStation',
  'addressedStation',
  'filedAt',
  'dueAckAt',
  'dueCompleteAt',
  'acknowledgedAt',
  'completedAt',
] as const satisfies readonly (keyof AssistanceState)[];

export type AssistanceSummaryState = Pick<AssistanceState, (typeof SUMMARY_FIELDS)[number]>;

/**
 * Assistance summaries, newest first or urgency first; `overdue` is evaluated at `now` from the
 * signed due times.
 */
export async function listAssistance(
  db: Kysely<Database>,
  self: string,
  now: Date,
  f: AssistanceListFilter,
  store: RecordStore<AssistanceState>,
) {
  if (f.order === 'urgency') {
    const { page, rankedAt } = urgencyFirst(filteredRows(db, self, now, f), now, f.cursor, f.limit);
    const { rows, nextCursor } = urgencyPageOf(await page.execute(), f.limit, rankedAt);
    return {
      nextCursor,
      rows: store.rows(
        rows.map(({ rank: _, ...r }) => r),
        SUMMARY_FIELDS,
      ),
    };
  }
  const page = pageOf(await listAssistanceQuery(db, self, now, f).execute(), f.limit);
  return { ...page, rows: store.rows(page.rows, SUMMARY_FIELDS) };
}

/**
 * The newest-first query behind `listAssistance`, not yet run (the API benchmark runs it bare,
 * without sign-in or audit, to measure what the query alone allows).
 */
export function listAssistanceQuery(db: Kysely<Database>, self: string, now: Date, f: AssistanceListFilter) {
  return newestFirst(filteredRows(db, self, now, f), f.cursor, f.limit);
}

/** The summaries the filter selects, not yet ordered. */
function filteredRows(db: Kysely<Database>, self: string, now: Date, f: AssistanceListFilter) {
  const state = (key: string) => sql<string>`state->>${key}`;
  const overdue = overdueAt(now);
  let q = summaryRows(db, ASSISTANCE, SUMMARY_FIELDS);
  if (f.direction) q = q.where('owner', f.direction === 'outbound' ? '=' : '<>', self);
  if (f.status?.length) q = q.where('status', 'in', f.status);
  if (f.priority) q = q.where(state('priority'), '=', f.priority);
  if (f.category) q = q.where(state('category'), '=', f.category);
  if (f.station) {
    const station = f.station;
    q = q.where((eb) =>
      eb.or([eb(state('requestingStation'), '=', station), eb(state('addressedStation'), '=', station)]),
    );
  }
  if (f.overdue !== undefined) q = q.where(f.overdue ? overdue : sql<boolean>`not ${overdue}`);
  if (f.text) {
    const like = containing(f.text);
    q = q.where((eb) => eb.or([eb(state('title'), 'ilike', like), eb(state('details'), 'ilike', like)]));
  }
  return q;
}
