import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';
import { containing, LISTED_COLUMNS, newestFirst, pageOf } from '../../sql/newest-first-page.ts';
import { MEDIATION } from '../mediation-fold.ts';

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

/**
 * Mediation projections newest first. `followUpOverdue` is evaluated at `now` from the signed due
 * date, exactly as follow-up.ts does for one record (a record without a due date is never overdue).
 */
export async function listMediation(db: Kysely<Database>, now: Date, f: MediationListFilter) {
  const state = (key: string) => sql<string>`state->>${key}`;
  const overdue = sql<boolean>`coalesce(status = 'concluded'
      and (state->>'followUpDueAt')::timestamptz < ${now}, false)`;
  let q = db.selectFrom('record_projection').select(LISTED_COLUMNS).where('record_type', '=', MEDIATION);
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
  return pageOf(await newestFirst(q, f.cursor, f.limit).execute(), f.limit);
}
