import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { lockRecords } from '../events/sql/lock-record.ts';
import type { SyncDeps } from '../sync/sync-deps.ts';
import type { InspectAnswer } from './reconcile-peer.ts';
import { repairProjections } from './repair-projection.ts';
import { restoreEvents } from './restore-events.ts';
import { readDigests } from './sql/read-digests.ts';

/**
 * Both sides' half of comparing records whose fingerprints differ, in the caller's transaction:
 * restore the listed events from our own link entries, refold every record whose projection does not
 * match its events, then describe each record (state hash, events) as far as it is shared with `peer`.
 */
export async function inspectRecords(
  trx: Kysely<Database>,
  deps: SyncDeps,
  peer: string,
  ids: readonly string[],
  restore: readonly string[] = [],
): Promise<InspectAnswer> {
  const sorted = [...new Set(ids)].sort();
  // In the one order every multi-record lock uses, so concurrent writers cannot deadlock with us.
  await lockRecords(trx, sorted);
  const restored = await restoreEvents(trx, deps, peer, restore, new Set(sorted));
  const repaired = await repairProjections(trx, deps.records, sorted);
  const records = await readDigests(trx, deps.nodeId, peer, sorted);
  const shared = new Set(records.filter((r) => r.stateHash !== null).map((r) => r.id));
  return { records, repaired: repaired.filter((id) => shared.has(id)), restored };
}
