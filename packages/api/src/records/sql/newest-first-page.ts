import type { Database } from '@tiemeng/db';
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { TiemengError } from '../../errors/index.ts';

/**
 * Cursor paging of projection lists, newest first. The cursor is the last row's (created_at,
 * record_id), so pages stay stable while new records arrive.
 */
const encode = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cursor this module made; anything else (a forged id, a date PostgreSQL cannot hold) is refused. */
function decode(cursor: string): { at: Date; id: string } {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString().split('|');
  const date = new Date(at ?? '');
  const year = date.getUTCFullYear();
  if (rest.length > 0 || !UUID.test(id ?? '') || !(year >= 1 && year <= 9999)) {
    throw new TiemengError('INVALID_INPUT', { message: 'Bad cursor' });
  }
  return { at: date, id: id! };
}

/**
 * The state's top-level `keys` only, as `state`. A list summary (or a command's check) needs a few
 * fields of a state that also carries free text and exchanges; reading, sending and parsing the
 * whole state was most of a list call's cost.
 *
 * @example
 * db.selectFrom('record_projection').select(['record_id', stateFields(['title', 'priority'])])
 */
export function stateFields<K extends string>(keys: readonly K[]) {
  const pairs = keys.flatMap((k) => [sql.lit(k), sql`state -> ${sql.lit(k)}`]);
  return sql<Record<K, unknown>>`jsonb_build_object(${sql.join(pairs)})`.as('state');
}

/**
 * The rows a list of `type` starts from: each record's id, status, times and the state's `fields`.
 * A record whose first event was rejected has no state (status `none`) and is never listed.
 *
 * @example
 * let q = summaryRows(db, NOTICE, ['kind', 'subject']);
 * if (f.kind) q = q.where(sql<string>`state->>'kind'`, '=', f.kind);
 */
export function summaryRows<K extends string>(db: Kysely<Database>, type: string, fields: readonly K[]) {
  return db
    .selectFrom('record_projection')
    .select(['record_id', 'status', 'created_at', 'updated_at', stateFields(fields)])
    .where('record_type', '=', type)
    .where('status', '<>', 'none');
}

/** Orders newest first, limits to one more than a page, and continues after `cursor` when given. */
export function newestFirst<O>(
  q: SelectQueryBuilder<Database, 'record_projection', O>,
  cursor: string | undefined,
  limit: number,
) {
  let page = q
    .orderBy('created_at', 'desc')
    .orderBy('record_id', 'desc')
    .limit(limit + 1);
  if (cursor) {
    const c = decode(cursor);
    page = page.where((eb) =>
      eb.or([eb('created_at', '<', c.at), eb.and([eb('created_at', '=', c.at), eb('record_id', '<', c.id)])]),
    );
  }
  return page;
}

/** Splits the extra row off and makes the cursor of the next page. */
export function pageOf<R extends { created_at: unknown; record_id: string }>(rows: R[], limit: number) {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return { rows: page, nextCursor: more && last ? encode(last.created_at as Date, last.record_id) : null };
}

/** An ILIKE pattern matching `text` literally anywhere. */
export const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
