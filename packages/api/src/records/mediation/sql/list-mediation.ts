import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';
import type { RecordStore } from '../../record-store.ts';
import { containing, newestFirst, pageOf, summaryRows } from '../../sql/newest-first-page.ts';
import { MEDIATION, type MediationState } from '../mediation-type.ts';

export interface MediationListFilter {
  disputeType?: string;
  status?: string[];
  /** Opening or partner station. */
  station?: string;
  followUpOverdue?: boolean;
  /** Words in the summary. */
  text?: string;
  cursor?: string;
  limit: number;
}

/** The state fields a mediation's summary shows (`MediationSummaryState`). */
export const SUMMARY_FIELDS = [
  'openingNode',
  'disputeType',
  'mechanism',
  'summary',
  'openingStation',
  'partnerStation',
  'outcome',
  'agreement',
  'openedBy',
  'followUpDueAt',
  'followedUpAt',
] as const satisfies readonly (keyof MediationState)[];

export type MediationSummaryState = Pick<MediationState, (typeof SUMMARY_FIELDS)[number]>;

/**
 * Mediation summaries newest first. `followUpOverdue` is evaluated at `now` from the signed due
 * date, exactly as follow-up.ts does for one record (a record without a due date is never overdue).
 */
export async function listMediation(
  db: Kysely<Database>,
  now: Date,
  f: MediationListFilter,
  store: RecordStore<MediationState>,
) {
  const state = (key: string) => sql<string>`state->>${key}`;
  const overdue = sql<boolean>`coalesce(status = 'concluded'
      and (state->>'followUpDueAt')::timestamptz < ${now}, false)`;
  let q = summaryRows(db, MEDIATION, SUMMARY_FIELDS);
  if (f.status?.length) q = q.where('status', 'in', f.status);
  if (f.disputeType) q = q.where(state('disputeType'), '=', f.disputeType);
  if (f.station) {
    const station = f.station;
    q = q.where((eb) =>
      eb.or([eb(state('openingStation'), '=', station), eb(state('partnerStation'), '=', station)]),
    );
  }
  if (f.followUpOverdue !== undefined)
    q = q.where(f.followUpOverdue ? overdue : sql<boolean>`not ${overdue}`);
  if (f.text) {
    const like = containing(f.text);
    q = q.where(state('summary'), 'ilike', like);
  }
  const page = pageOf(await newestFirst(q, f.cursor, f.limit).execute(), f.limit);
  return { ...page, rows: store.rows(page.rows, SUMMARY_FIELDS) };
}
