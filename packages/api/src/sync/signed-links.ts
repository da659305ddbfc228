import type { Database, TimelineEntry } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { AuthoredEvent, EventLinks, OutgoingEvent } from '../events/events-deps.ts';
import type { Signer } from '../keys/signer.ts';
import type { PeerKeys } from '../peer/peer-keys.ts';
import { ENTRY_TYP, type EntryPayload } from './entry-payload.ts';
import { signedTimeline } from './signed-timeline.ts';
import { appendLinkEntries, type LinkEntryRow } from './sql/insert-link-entry.ts';
import { type LinkHead, lockLinkHead } from './sql/lock-link-head.ts';
import { OUTBOX_CHANNEL } from './sync-deps.ts';
import { entryHash } from './verify-entry.ts';

/**
 * The links an authored event travels on: one signed, hash-chained entry per other party, and the
 * signatures a record's timeline shows.
 */
export class SignedLinks implements EventLinks {
  readonly #nodeId: string;
  readonly #signer: Signer;
  readonly #peerKeys: PeerKeys;

  constructor(nodeId: string, signer: Signer, peerKeys: PeerKeys) {
    this.#nodeId = nodeId;
    this.#signer = signer;
    this.#peerKeys = peerKeys;
  }

  async append(trx: Kysely<Database>, events: readonly OutgoingEvent[]): Promise<void> {
    const from = this.#nodeId;
    const byLink = new Map<string, AuthoredEvent[]>();
    for (const { event, peers } of events) {
      for (const to of peers) {
        const queued = byLink.get(to);
        if (queued) queued.push(event);
        else byLink.set(to, [event]);
      }
    }
    // Lock links in a fixed order so concurrent appends to several links cannot deadlock. One lock
    // per link for the whole group: the head is the one thing appends to a link must wait for.
    for (const to of [...byLink.keys()].sort()) {
      const head = await lockLinkHead(trx, from, to);
      await appendLinkEntries(trx, this.#chain(to, head, byLink.get(to)!), OUTBOX_CHANNEL);
    }
  }

  /** Signs `events` as the entries after `head` on the link to `to`, each chained to the one before. */
  #chain(to: string, head: LinkHead, events: readonly AuthoredEvent[]): LinkEntryRow[] {
    const from = this.#nodeId;
    let prev = head;
    return events.map((event) => {
      const payload: EntryPayload = {
        v: 1,
        id: event.id,
        from,
        to,
        seq: prev.seq + 1,
        prev: prev.hash,
        hlc: event.hlc,
        actor: event.actor,
        record: { type: event.recordType, id: event.recordId },
        kind: event.kind,
        data: event.data,
      };
      const jws = this.#signer.signCanonical(payload, ENTRY_TYP);
      const hash = entryHash(jws);
      const row = {
        from,
        to,
        seq: payload.seq,
        hash,
        prev: prev.hash,
        eventId: event.id,
        jws,
        traceId: event.traceId,
      };
      prev = { seq: payload.seq, hash };
      return row;
    });
  }

  signedTimeline(db: Kysely<Database>, timeline: readonly TimelineEntry[]) {
    return signedTimeline(db, this.#nodeId, this.#peerKeys, timeline);
  }
}
