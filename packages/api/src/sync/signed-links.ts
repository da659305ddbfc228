import type { Database, TimelineEntry } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { AuthoredEvent, EventLinks } from '../events/events-deps.ts';
import type { Signer } from '../keys/signer.ts';
import type { PeerKeys } from '../peer/peer-keys.ts';
import { currentTrace } from '../tracing/trace-context.ts';
import { ENTRY_TYP, type EntryPayload } from './entry-payload.ts';
import { signedTimeline } from './signed-timeline.ts';
import { appendLinkEntry } from './sql/insert-link-entry.ts';
import { lockLinkHead } from './sql/lock-link-head.ts';
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

  async append(trx: Kysely<Database>, event: AuthoredEvent, peers: readonly string[]): Promise<void> {
    const from = this.#nodeId;
    // Lock links in a fixed order so concurrent appends to several links cannot deadlock.
    for (const to of [...peers].sort()) {
      const head = await lockLinkHead(trx, from, to);
      const payload: EntryPayload = {
        v: 1,
        id: event.id,
        from,
        to,
        seq: head.seq + 1,
        prev: head.hash,
        hlc: event.hlc,
        actor: event.actor,
        record: { type: event.recordType, id: event.recordId },
        kind: event.kind,
        data: event.data,
      };
      const jws = this.#signer.signCanonical(payload, ENTRY_TYP);
      await appendLinkEntry(
        trx,
        {
          from,
          to,
          seq: payload.seq,
          hash: entryHash(jws),
          prev: head.hash,
          eventId: event.id,
          jws,
          traceId: currentTrace()?.traceId ?? null,
        },
        OUTBOX_CHANNEL,
      );
    }
  }

  signedTimeline(db: Kysely<Database>, timeline: readonly TimelineEntry[]) {
    return signedTimeline(db, this.#nodeId, this.#peerKeys, timeline);
  }
}
