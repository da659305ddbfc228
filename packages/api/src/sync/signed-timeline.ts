import type { Database, TimelineEntry } from '@tiemeng/db';
import { decodeProtectedHeader } from 'jose';
import type { Kysely } from 'kysely';
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
  const ids = timeline.map((t) => t.eventId);
  if (ids.length === 0) return [];
  const [events, entries] = await Promise.all([
    db.selectFrom('event').select(['id', 'data']).where('id', 'in', ids).execute(),
    db
      .selectFrom('link_entry')
      .select(['event_id', 'from_node', 'to_node', 'seq', 'jws'])
      .where('event_id', 'in', ids)
      .execute(),
  ]);
  // How far each partner has acknowledged our links: our own steps up to there have reached it.
  const ackedBy = new Map<string, number>();
  if (entries.some((e) => e.from_node === self)) {
    const acked = await db.selectFrom('peer_delivery').select(['peer', 'acked_seq']).execute();
    for (const a of acked) ackedBy.set(a.peer, Number(a.acked_seq));
  }
  const dataOf = new Map(events.map((e) => [e.id, e.data]));
  const entriesOf = new Map<string, (typeof entries)[number][]>();
  for (const e of entries) {
    const same = entriesOf.get(e.event_id);
    if (same) same.push(e);
    else entriesOf.set(e.event_id, [e]);
  }
  return Promise.all(
    timeline.map(async (t) => {
      const entry = entriesOf.get(t.eventId)?.find((e) => t.author === self || e.to_node === self);
      return {
        ...t,
        data: dataOf.get(t.eventId) ?? null,
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
