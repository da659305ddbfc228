import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@tiemeng/db';
import { tracked } from '@trpc/server';
import { type Kysely, sql } from 'kysely';
import type { OfficerIdentity } from '../../auth/officer-token.ts';
import type { SharedReads } from '../../batching/shared-reads.ts';
import type { RecordTypeRegistry } from '../../events/index.ts';
import type { RecordChangeSignal } from './record-change-signal.ts';

/**
 * How soon the feed looks again while a change is held back behind an older transaction still running
 * (that transaction may write no projection, so no announcement would wake the feed).
 */
const HELD_BACK_POLL_MS = 200;
const PAGE = 200;

export interface FeedItem {
  /** The change's position: a client resuming from it is sent what came after. */
  eventId: string;
  recordId: string;
  recordType: string;
  status: string;
  direction: 'inbound' | 'outbound';
  updatedAt: string;
  headline: Record<string, unknown>;
}

/** One message of the feed: the changes one read found, in commit order. */
export interface FeedBatch {
  changes: FeedItem[];
}

/**
 * A position in the feed, and the event id a client resumes from (`<xid>-<seq>`): changes are read in
 * transaction order, then in the order they were made within a transaction (see migration 0009).
 */
interface Position {
  xid: string;
  seq: number;
}

/** An event id as `feed.live` accepts it: a position, or a bare `change_seq` from before migration 0009. */
export const FEED_EVENT_ID = /^(?:\d{1,19}-)?\d{1,15}$/;

/**
 * Follows record changes an officer should see, in commit order, one message per read: the changes
 * the read found (at most a page), tracked by the last one's position, so a client reconnecting with
 * the last id it saw resumes with nothing missed. A busy node sends a desk a few messages a second
 * rather than one per change (each costs the stream more than its change does).
 * Without a last id, starts from now. With nothing to send it waits for `changes` to announce a
 * commit, issuing no query meanwhile. Feeds at the same position (every desk that is up to date)
 * share each read (`reads`): a commit wakes fifty desks for one query, not fifty.
 */
export async function* followRecordChanges(opts: {
  db: Kysely<Database>;
  records: RecordTypeRegistry;
  nodeId: string;
  officer: OfficerIdentity;
  lastEventId: string | null | undefined;
  signal: AbortSignal | undefined;
  changes: RecordChangeSignal;
  reads: SharedReads;
}) {
  const { db, records, nodeId, officer, signal, changes, reads } = opts;
  let after = await startingPosition(db, opts.lastEventId);
  const seesAll = officer.roles.includes('command');
  while (!signal?.aborted) {
    const seen = changes.version;
    const from = after;
    const rows = await reads.read(db, ['feed.changes', from], () => changesAfter(db, from));
    // In transaction order every finished change comes before the first one held back.
    const held = rows.findIndex((row) => !row.finished);
    const batch: FeedItem[] = [];
    for (const row of held === -1 ? rows : rows.slice(0, held)) {
      after = { xid: row.change_xid, seq: row.change_seq };
      const type = records.get(row.record_type);
      if (!type) continue;
      if (!seesAll && type.concernsStation && !type.concernsStation(row.state, officer.station)) continue;
      batch.push({
        eventId: `${after.xid}-${after.seq}`,
        recordId: row.record_id,
        recordType: row.record_type,
        status: row.status,
        direction: row.owner === nodeId ? 'outbound' : 'inbound',
        updatedAt: (row.updated_at as Date).toISOString(),
        headline: type.headline?.(row.state) ?? {},
      });
    }
    const last = batch.at(-1);
    if (last) yield tracked(last.eventId, { changes: batch } satisfies FeedBatch);
    if (held !== -1) await heldBack(changes, seen, signal);
    else if (rows.length < PAGE) await changes.changedSince(seen, signal);
  }
}

/**
 * Waits while a change is held back behind an older transaction: until the next commit is announced
 * (usually that transaction's own), or {@link HELD_BACK_POLL_MS} at most, for one that writes no
 * projection and so announces nothing.
 */
async function heldBack(changes: RecordChangeSignal, seen: number, signal: AbortSignal | undefined) {
  const waited = new AbortController();
  const until = signal ? AbortSignal.any([signal, waited.signal]) : waited.signal;
  await Promise.race([
    changes.changedSince(seen, until),
    sleep(HELD_BACK_POLL_MS, undefined, { signal: until }).catch(() => {}),
  ]);
  // Whichever did not end the wait stops waiting too.
  waited.abort();
}

/** The next page of changes after `after`, each marked whether no running transaction can precede it. */
function changesAfter(db: Kysely<Database>, after: Position) {
  return db
    .selectFrom('record_projection')
    .select([
      'record_id',
      'record_type',
      'owner',
      'status',
      'state',
      'updated_at',
      'change_xid',
      'change_seq',
      finished.as('finished'),
    ])
    .where(sql<boolean>`(change_xid, change_seq) > (${after.xid}::xid8, ${after.seq})`)
    .orderBy('change_xid')
    .orderBy('change_seq')
    .limit(PAGE)
    .execute();
}

/**
 * Every transaction of this database below this xid has ended; one still running, or yet to start,
 * is at or above it, and in transaction order its changes come after everything below.
 *
 * Transactions of other databases on the same server cannot write here, so those `pg_stat_activity`
 * places in another database are left out, and a long one elsewhere does not hold the feed back.
 * (Prepared transactions have no session and still count.) An xid is unique on the server, so none of
 * this database can be left out by mistake. Run outside an explicit transaction, whose cached
 * `pg_stat_activity` could be older than its statements' snapshots.
 */
const bound = sql<string>`coalesce(
  (select min(x) from pg_snapshot_xip(pg_current_snapshot()) as x
   where (x::text::numeric % 4294967296)::text::xid <> all (array(
     select backend_xid from pg_stat_activity
     where datname is distinct from current_database() and backend_xid is not null))),
  pg_snapshot_xmax(pg_current_snapshot()))`;

/** Changes no transaction still running can come before; the bound is computed once per query. */
const finished = sql<boolean>`change_xid < (select ${bound})`;

/**
 * Where a follower starts: after the id it last saw; for a bare `change_seq` from before migration 0009,
 * before the oldest transaction that may have changed something since (a few items may repeat); else,
 * and for an id this server cannot have given (from the future, e.g. after a restore elsewhere), now.
 */
async function startingPosition(
  db: Kysely<Database>,
  lastEventId: string | null | undefined,
): Promise<Position> {
  if (lastEventId?.includes('-')) {
    const [xid, seq] = lastEventId.split('-');
    const { rows } = await sql<{ past: boolean }>`select ${xid}::xid8 < ${bound} as past`.execute(db);
    if (rows[0]?.past) return { xid: xid!, seq: Number(seq) };
  } else if (lastEventId) {
    const { rows } = await sql<{ xid: string }>`select least(
      (select min(change_xid) from record_projection where change_seq > ${Number(lastEventId)}), ${bound}) as xid`.execute(
      db,
    );
    return { xid: rows[0]!.xid, seq: -1 };
  }
  const newest = await db
    .selectFrom('record_projection')
    .select(['change_xid', 'change_seq'])
    .where(finished)
    .orderBy('change_xid', 'desc')
    .orderBy('change_seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return newest ? { xid: newest.change_xid, seq: newest.change_seq } : { xid: '0', seq: 0 };
}
