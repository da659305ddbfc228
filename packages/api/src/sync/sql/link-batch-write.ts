import { type RawBuilder, sql } from 'kysely';
import { type EventRow, eventsInsert } from '../../events/sql/insert-event.ts';
import type { VerifiedEntry } from '../entry-claims.ts';
import { eventOfEntry } from '../entry-payload.ts';
import { type LinkEntryRow, linkEntriesInsert } from './insert-link-entry.ts';

/** What a batch of a link's entries stores: their events, and the entries themselves. */
export interface LinkBatch {
  events: readonly EventRow[];
  entries: readonly LinkEntryRow[];
}

/** The rows verified entries of link from → to (in seq order) store. */
export function linkBatchRows(from: string, to: string, entries: readonly VerifiedEntry[]): LinkBatch {
  return {
    events: entries.map((e) => eventOfEntry(e.payload)),
    entries: entries.map(
      ({ payload, hash, jws }): LinkEntryRow => ({
        from,
        to,
        seq: payload.seq,
        hash,
        prev: payload.prev,
        eventId: payload.id,
        jws,
      }),
    ),
  };
}

/**
 * The one statement that stores a batch of a link's entries (consecutive seqs, in order) with their
 * events, and moves the link's head (locked by `lockLinkHead`) to the last of them; none for no
 * entries. One round trip rather than three, built apart from running it so a caller can build it
 * before taking the link's lock and fold records while the database runs it.
 *
 * @example
 * await linkBatchWrite(linkBatchRows(peer, self, verified))?.execute(trx);
 */
export function linkBatchWrite(batch: LinkBatch): RawBuilder<unknown> | undefined {
  const last = batch.entries.at(-1);
  if (!last) return undefined;
  // The entries' foreign key to their events is checked at the end of the statement, when both are in.
  return sql`
    with stored_events as (${eventsInsert(batch.events)}),
         stored_entries as (${linkEntriesInsert(batch.entries)})
    update link_head set seq = ${last.seq}, hash = ${last.hash}
     where from_node = ${last.from} and to_node = ${last.to}`;
}
