import type { Database } from '@tiemeng/db';
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { RecordStore } from '../../record-store.ts';
import { containing, newestFirst, pageOf, summaryRows } from '../../sql/newest-first-page.ts';
import type { NoticeKind } from '../notice-data.ts';
import { NOTICE, type NoticeState } from '../notice-type.ts';
import type { EffectiveNoticeStatus } from '../review.ts';

export interface NoticeListFilter {
  kind?: NoticeKind;
  /** Effective status: `lapsed` is evaluated at `now` from the signed review date, like the reads. */
  status?: EffectiveNoticeStatus;
  direction?: 'inbound' | 'outbound';
  /** Issuing or recipient station. */
  station?: string;
  /** Words in the name, aliases, description, last seen place, case number, offence or circumstances. */
  text?: string;
  cursor?: string;
  limit: number;
}

const SEARCHED = [
  sql<string>`state->'subject'->>'name'`,
  sql<string>`state->'subject'->>'aliases'`,
  sql<string>`state->'subject'->>'description'`,
  sql<string>`state->'lastSeen'->>'place'`,
  sql<string>`state->'fugitive'->>'caseNumber'`,
  sql<string>`state->'fugitive'->>'offence'`,
  sql<string>`state->'missing'->>'circumstances'`,
];

/** A key of either kind of notice's state (`missing` and `fugitive` belong to one kind each). */
type NoticeStateKey = NoticeState extends infer S ? (S extends unknown ? keyof S : never) : never;

/** The state fields a notice's summary shows (`NoticeSummaryState`). */
export const SUMMARY_FIELDS = [
  'kind',
  'issuingNode',
  'issuingStation',
  'recipientStations',
  'subject',
  'lastSeen',
  'missing',
  'fugitive',
  'issuedAt',
  'reports',
  'resolution',
  'reviewDueAt',
] as const satisfies readonly NoticeStateKey[];

/** Those fields of each kind's state, so `kind` still tells which of `missing` and `fugitive` is there. */
export type NoticeSummaryState = NoticeState extends infer S
  ? S extends unknown
    ? Pick<S, Extract<(typeof SUMMARY_FIELDS)[number], keyof S>>
    : never
  : never;

/** Notice summaries newest first. */
export async function listNotices(
  db: Kysely<Database>,
  self: string,
  now: Date,
  f: NoticeListFilter,
  store: RecordStore<NoticeState>,
) {
  const pastReview: Expression<SqlBool> = sql<SqlBool>`(state->>'reviewDueAt')::timestamptz < ${now}`;
  let q = summaryRows(db, NOTICE, SUMMARY_FIELDS);
  if (f.kind) q = q.where(sql<string>`state->>'kind'`, '=', f.kind);
  if (f.status === 'resolved') q = q.where('status', '=', 'resolved');
  if (f.status === 'active') q = q.where('status', '=', 'active').where(sql<SqlBool>`not ${pastReview}`);
  if (f.status === 'lapsed') q = q.where('status', '=', 'active').where(pastReview);
  if (f.direction) q = q.where('owner', f.direction === 'outbound' ? '=' : '<>', self);
  if (f.station) {
    const station = f.station;
    q = q.where((eb) =>
      eb.or([
        eb(sql<string>`state->>'issuingStation'`, '=', station),
        sql<SqlBool>`(state->'recipientStations') @> ${JSON.stringify([station])}::jsonb`,
      ]),
    );
  }
  if (f.text) {
    const like = containing(f.text);
    q = q.where((eb) => eb.or(SEARCHED.map((column) => eb(column, 'ilike', like))));
  }
  const page = pageOf(await newestFirst(q, f.cursor, f.limit).execute(), f.limit);
  return { ...page, rows: page.rows.map((r) => ({ ...r, state: store.state<NoticeSummaryState>(r.state) })) };
}
