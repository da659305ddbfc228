import type { Database, TimelineEntry } from '@tiemeng/db';
import type { Kysely, Transaction } from 'kysely';
import {
  type Head as AuditHead,
  appendAuditRows,
  auditRowsAfter,
  chainAuditRows,
  type NewAuditRow,
  newerHead,
} from '../audit/sql/append-audit-row.ts';
import type { AuthoredEvent, EventLinks, OutgoingEvent } from '../events/events-deps.ts';
import type { Signer } from '../keys/signer.ts';
import type { PeerKeys } from '../peer/peer-keys.ts';
import { ENTRY_TYP, type EntryPayload } from './entry-payload.ts';
import { signedTimeline } from './signed-timeline.ts';
import { appendLinkEntries, type LinkEntryRow } from './sql/insert-link-entry.ts';
import { type LinkHead, lockLinkHead, lockLinkHeadThenAuditChain } from './sql/lock-link-head.ts';
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
  /** The newest audit row this process's groups appended (maybe not yet committed): a hint, checked. */
  #auditTail: AuditHead = undefined;

  constructor(nodeId: string, signer: Signer, peerKeys: PeerKeys) {
    this.#nodeId = nodeId;
    this.#signer = signer;
    this.#peerKeys = peerKeys;
  }

  async append(
    trx: Transaction<Database>,
    events: readonly OutgoingEvent[],
    audit: readonly NewAuditRow[] = [],
  ): Promise<void> {
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
    const links = [...byLink.keys()].sort();
    const audited = audit.length > 0 ? links.pop() : undefined;
    for (const to of links) {
      const head = await lockLinkHead(trx, from, to);
      await appendLinkEntries(trx, this.#chain(to, head, byLink.get(to)!), OUTBOX_CHANNEL);
    }
    if (audited !== undefined) await this.#appendWithAudit(trx, audited, byLink.get(audited)!, audit);
    else if (audit.length > 0) this.#auditTail = (await appendAuditRows(trx, audit)).at(-1);
  }

  /**
   * The last link's entries with the calls' audit rows. The chain's lock is taken with the link's
   * head (after every link's: the order every writer takes them in) and its rows ride in the
   * entries' statement, so the head waits for no round trip of theirs. The chain's head, read with
   * its lock, predates the group before this one whenever that group held the link (the statement's
   * snapshot is older than its wait): the rows chain after the newer of it and the last rows this
   * process appended, and the insert, which checks its head, leaves them out if neither is current;
   * they are then appended on their own.
   */
  async #appendWithAudit(
    trx: Transaction<Database>,
    to: string,
    events: readonly AuthoredEvent[],
    audit: readonly NewAuditRow[],
  ) {
    const heads = await lockLinkHeadThenAuditChain(trx, this.#nodeId, to);
    const entries = this.#chain(to, heads.link, events);
    const auditHead = newerHead(heads.audit, this.#auditTail);
    const chained = chainAuditRows(audit, auditHead);
    const { audited } = await appendLinkEntries(
      trx,
      entries,
      OUTBOX_CHANNEL,
      auditRowsAfter(auditHead, chained),
    );
    const tail = audited === audit.length ? chained.at(-1)! : (await appendAuditRows(trx, audit)).at(-1)!;
    this.#auditTail = { id: tail.id, hash: tail.hash };
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
