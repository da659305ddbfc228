import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';
import { containing, LISTED_COLUMNS, newestFirst, pageOf } from '../../sql/newest-first-page.ts';
import { ASSISTANCE } from '../assistance-fold.ts';
import { overdueAt } from './overdue-at.ts';

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
  cursor?: string;
  limit: number;
}

/** Assistance projections newest first; `overdue` is evaluated at `now` from the signed due times. */
export async function listAssistance(db: Kysely<Database>, self: string, now: Date, f: AssistanceListFilter) {
  const state = (key: string) => sql<string>`state->>${key}`;
  const overdue = overdueAt(now);
  let q = db.selectFrom('record_projection').select(LISTED_COLUMNS).where('record_type', '=', ASSISTANCE);
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
  return pageOf(await newestFirst(q, f.cursor, f.limit).execute(), f.limit);
}
