import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';
import { type EventRow, eventsInsert } from '../../events/sql/insert-event.ts';
import { type LinkEntryRow, linkEntriesInsert } from './insert-link-entry.ts';
import type { LinkHead } from './lock-link-head.ts';

/**
 * Stores a verified inbound batch in one statement: its events, its entries and the link's new head
 * (locked by `lockLinkHead`). One round trip rather than three, so the caller can fold the records
 * the batch touched while the database writes it.
 *
 * @example
 * await storeInboundEntries(trx, { from: 'zj-taishun', to: 'fj-shouning', head, events, entries });
 */
export async function storeInboundEntries(
  trx: Kysely<Database>,
  batch: {
    from: string;
    to: string;
    head: LinkHead;
    events: readonly EventRow[];
    entries: readonly LinkEntryRow[];
  },
): Promise<void> {
  if (batch.entries.length === 0) return;
  // The entries' foreign key to their events is checked at the end of the statement, when both are in.
  await sql`
    with stored_events as (${eventsInsert(batch.events)}),
         stored_entries as (${linkEntriesInsert(batch.entries)})
    update link_head set seq = ${batch.head.seq}, hash = ${batch.head.hash}
     where from_node = ${batch.from} and to_node = ${batch.to}`.execute(trx);
}
