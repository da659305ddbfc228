import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';
import { TiemengError } from '../../../errors/index.ts';
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

/** Cursor = the last row's (created_at, record_id), so pages stay stable while new requests arrive. */
const encodeCursor = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const date = new Date(at ?? '');
  if (!id || Number.isNaN(date.getTime())) throw new TiemengError('INVALID_INPUT', { message: 'Bad cursor' });
  return { at: date, id };
}

/** Assistance projections newest first; `overdue` is evaluated at `now` from the signed due times. */
export async function listAssistance(db: Kysely<Database>, self: string, now: Date, f: AssistanceListFilter) {
  const state = (key: string) => sql<string>`state->>${key}`;
  const overdue = overdueAt(now);
  let q = db
    .selectFrom('record_projection')
    .selectAll()
    .where('record_type', '=', ASSISTANCE)
    .orderBy('created_at', 'desc')
    .orderBy('record_id', 'desc')
    .limit(f.limit + 1);
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
    const like = `%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb(state('title'), 'ilike', like), eb(state('details'), 'ilike', like)]));
  }
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    q = q.where((eb) =>
      eb.or([eb('created_at', '<', c.at), eb.and([eb('created_at', '=', c.at), eb('record_id', '<', c.id)])]),
    );
  }
  const rows = await q.execute();
  const more = rows.length > f.limit;
  const page = more ? rows.slice(0, f.limit) : rows;
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor: more && last ? encodeCursor(last.created_at as Date, last.record_id) : null,
  };
}
