import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@tiemeng/db';
import { tracked } from '@trpc/server';
import { type Kysely, sql } from 'kysely';
import type { OfficerIdentity } from '../../auth/officer-token.ts';
import type { RecordTypeRegistry } from '../registry.ts';

/** How often the feed looks for new changes: well inside the one-second promise to the duty desk. */
const POLL_MS = 200;
const PAGE = 200;

export interface FeedItem {
  recordId: string;
  recordType: string;
  status: string;
  direction: 'inbound' | 'outbound';
  updatedAt: string;
  headline: Record<string, unknown>;
}

/**
 * Follows record changes an officer should see, in commit order. Each item is tracked by its
 * `change_seq`, so a client reconnecting with the last id it saw resumes with nothing missed
 * (see migration 0006). Without a last id, starts from now.
 */
export async function* followRecordChanges(opts: {
  db: Kysely<Database>;
  records: RecordTypeRegistry;
  nodeId: string;
  officer: OfficerIdentity;
  lastEventId: string | null | undefined;
  signal: AbortSignal | undefined;
}) {
  const { db, records, nodeId, officer, signal } = opts;
  let cursor = opts.lastEventId ? Number(opts.lastEventId) : await latestChangeSeq(db);
  const seesAll = officer.roles.includes('command');
  while (!signal?.aborted) {
    const rows = await db
      .selectFrom('record_projection')
      .select(['record_id', 'record_type', 'owner', 'status', 'state', 'updated_at', 'change_seq'])
      .where('change_seq', '>', cursor)
      .where(finished)
      .orderBy('change_seq')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      cursor = row.change_seq;
      const type = records.get(row.record_type);
      if (!type) continue;
      if (!seesAll && type.concernsStation && !type.concernsStation(row.state, officer.station)) continue;
      const item: FeedItem = {
        recordId: row.record_id,
        recordType: row.record_type,
        status: row.status,
        direction: row.owner === nodeId ? 'outbound' : 'inbound',
        updatedAt: (row.updated_at as Date).toISOString(),
        headline: type.headline?.(row.state) ?? {},
      };
      yield tracked(String(row.change_seq), item);
    }
    if (rows.length < PAGE) await sleep(POLL_MS, undefined, { signal }).catch(() => {});
  }
}

/**
 * Only changes of transactions older than every one still running: a running transaction may yet
 * commit a smaller cursor, and a follower must not have moved past it (see migration 0006).
 */
const finished = sql<boolean>`change_xid < pg_snapshot_xmin(pg_current_snapshot())`;

async function latestChangeSeq(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('record_projection')
    .select((eb) => eb.fn.max('change_seq').as('seq'))
    .where(finished)
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}
