import type { Database } from '@tiemeng/db';
import { type SelectQueryBuilder, sql } from 'kysely';
import { TiemengError } from '../../../errors/index.ts';
import { overdueAt } from './overdue-at.ts';

/**
 * Paging of the duty desk's order: urgent and overdue first, then urgent, then overdue, then the
 * rest, each newest first. Overdue depends on the time, so the first page's instant travels in the
 * cursor and every later page ranks at that same instant: a request that falls overdue meanwhile
 * cannot be skipped or shown twice (the next fresh list shows it higher).
 */
interface UrgencyCursor {
  rank: number;
  at: Date;
  id: string;
  rankedAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const encode = (c: UrgencyCursor) =>
  Buffer.from(`u|${c.rank}|${c.at.toISOString()}|${c.id}|${c.rankedAt.toISOString()}`).toString('base64url');

function decode(cursor: string): UrgencyCursor {
  const [tag, rank, at, id, rankedAt, ...rest] = Buffer.from(cursor, 'base64url').toString().split('|');
  const dates = [new Date(at ?? ''), new Date(rankedAt ?? '')];
  const fine = dates.every((d) => d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999);
  if (tag !== 'u' || rest.length > 0 || !/^[0-3]$/.test(rank ?? '') || !UUID.test(id ?? '') || !fine)
    throw new TiemengError('INVALID_INPUT', { message: 'Bad cursor' });
  return { rank: Number(rank), at: dates[0]!, id: id!, rankedAt: dates[1]! };
}

/** 0 urgent and overdue, 1 urgent, 2 overdue, 3 the rest, judged at `at`. */
const rankAt = (at: Date) =>
  sql<number>`(case when state->>'priority' = 'urgent' then 0 else 2 end
    + case when ${overdueAt(at)} then 0 else 1 end)`;

/** Orders by urgency at `now` (or the cursor's instant), limits to one more than a page. */
export function urgencyFirst<O>(
  q: SelectQueryBuilder<Database, 'record_projection', O>,
  now: Date,
  cursor: string | undefined,
  limit: number,
) {
  const c = cursor ? decode(cursor) : undefined;
  const rankedAt = c?.rankedAt ?? now;
  const rank = rankAt(rankedAt);
  let page = q
    .select(rank.as('rank'))
    .orderBy(rank)
    .orderBy('created_at', 'desc')
    .orderBy('record_id', 'desc')
    .limit(limit + 1);
  if (c)
    page = page.where((eb) =>
      eb.or([
        eb(rank, '>', c.rank),
        eb.and([
          eb(rank, '=', c.rank),
          eb.or([
            eb('created_at', '<', c.at),
            eb.and([eb('created_at', '=', c.at), eb('record_id', '<', c.id)]),
          ]),
        ]),
      ]),
    );
  return { page, rankedAt };
}

/** Splits the extra row off and makes the cursor of the next page. */
export function urgencyPageOf<R extends { created_at: Date; record_id: string; rank: number }>(
  rows: R[],
  limit: number,
  rankedAt: Date,
) {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor:
      more && last
        ? encode({ rank: Number(last.rank), at: last.created_at, id: last.record_id, rankedAt })
        : null,
  };
}
