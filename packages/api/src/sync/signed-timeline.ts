import type { Database, TimelineEntry } from '@tiemeng/db';
import { decodeProtectedHeader } from 'jose';
import type { Kysely } from 'kysely';
import { batchedRead } from '../batching/batched-read.ts';
import { TiemengError } from '../errors/index.ts';
import type { SignedTimelineEntry } from '../events/events-deps.ts';
import type { PeerKeys } from '../peer/peer-keys.ts';
import { verifyEntry } from './verify-entry.ts';

/**
 * A record's timeline with each event's data and the state of its signature, re-verified on read
 * so an officer or auditor sees what the partner actually signed.
 */
export async function signedTimeline(
  db: Kysely<Database>,
  self: string,
  peerKeys: PeerKeys,
  timeline: readonly TimelineEntry[],
): Promise<SignedTimelineEntry[]> {
  if (timeline.length === 0) return [];
  const ids = timeline.map((t) => t.eventId);
  const [data, entries] = await Promise.all([eventData.loadMany(db, ids), entriesOfEvent.loadMany(db, ids)]);
  // How far each partner has acknowledged our links: our own steps up to there have reached it.
  const ackedBy = entries.some((of) => of?.some((e) => e.from_node === self))
    ? ((await acknowledged.load(db, ALL)) ?? new Map<string, number>())
    : new Map<string, number>();
  return Promise.all(
    timeline.map(async (t, i) => {
      const entry = entries[i]?.find((e) => t.author === self || e.to_node === self);
      return {
        ...t,
        data: data[i] ?? null,
        signature: await signatureOf(entry, t, self, peerKeys),
        entry: entry
          ? {
              jws: entry.jws,
              from: entry.from_node,
              to: entry.to_node,
              seq: Number(entry.seq),
              delivered: entry.from_node !== self || Number(entry.seq) <= (ackedBy.get(entry.to_node) ?? 0),
            }
          : null,
      };
    }),
  );
}

// Each read is shared by the records read at the same time (see `batchedRead`): a burst of
// filings answering their records costs one query per table, not one per filing.

const eventData = batchedRead(async (db, ids) => {
  const rows = await db.selectFrom('event').select(['id', 'data']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.data]));
});

type EntryRow = { event_id: string; from_node: string; to_node: string; seq: string | number; jws: string };

const entriesOfEvent = batchedRead(async (db, ids) => {
  const rows = await db
    .selectFrom('link_entry')
    .select(['event_id', 'from_node', 'to_node', 'seq', 'jws'])
    .where('event_id', 'in', ids)
    .execute();
  const byEvent = new Map<string, EntryRow[]>();
  for (const r of rows) {
    const same = byEvent.get(r.event_id);
    if (same) same.push(r);
    else byEvent.set(r.event_id, [r]);
  }
  return byEvent;
});

const ALL = '*';
const acknowledged = batchedRead(async (db) => {
  const rows = await db.selectFrom('peer_delivery').select(['peer', 'acked_seq']).execute();
  return new Map([[ALL, new Map(rows.map((a) => [a.peer, Number(a.acked_seq)]))]]);
});

async function signatureOf(
  entry: { from_node: string; jws: string } | undefined,
  t: TimelineEntry,
  self: string,
  peerKeys: PeerKeys,
): Promise<SignedTimelineEntry['signature']> {
  if (!entry) return { status: 'invalid', kid: null, detail: 'no signed entry is stored for this event' };
  const kid = (decodeProtectedHeader(entry.jws).kid as string | undefined) ?? null;
  if (t.author === self) return { status: 'signed', kid };
  try {
    const verified = await verifyEntry(entry.jws, entry.from_node, self, peerKeys);
    if (verified.payload.id !== t.eventId) throw new TiemengError('BAD_SIGNATURE');
    return { status: 'verified', kid };
  } catch (err) {
    return { status: 'invalid', kid, detail: (err as Error).message };
  }
}
