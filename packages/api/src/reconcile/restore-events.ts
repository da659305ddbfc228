import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { insertEvents } from '../events/sql/insert-event.ts';
import { eventOfEntry } from '../sync/entry-payload.ts';
import type { SyncDeps } from '../sync/sync-deps.ts';
import { type VerifiedEntry, verifyEntry } from '../sync/verify-entry.ts';
import { orphanLinkEntries } from './sql/orphan-link-entries.ts';

/**
 * Re-inserts events of `recordIds` whose rows are gone but whose signed link entries this node still
 * holds, in the caller's transaction; the caller holds the records' locks and refolds them. Each JWS is
 * verified again first (by the peer's keys, or ours for entries we authored) and must hash to the
 * stored entry, so nothing unverified re-enters the event table.
 */
export async function restoreEvents(
  trx: Kysely<Database>,
  deps: SyncDeps,
  peer: string,
  eventIds: readonly string[],
  recordIds: ReadonlySet<string>,
): Promise<string[]> {
  const orphans = await orphanLinkEntries(trx, deps.nodeId, peer, eventIds);
  if (orphans.length === 0) return [];
  const own = { of: (node: string) => (node === deps.nodeId ? deps.signer.ownKeySet() : undefined) };
  const verified: VerifiedEntry[] = [];
  for (const o of orphans) {
    const entry = await (o.from_node === deps.nodeId
      ? verifyEntry(o.jws, deps.nodeId, peer, own)
      : verifyEntry(o.jws, peer, deps.nodeId, deps.peerKeys)
    ).catch(() => undefined);
    // A stored entry that no longer verifies or matches its row is damaged too: restore nothing from
    // it, so the record still differs and the run names it in an incident.
    if (!entry || entry.hash !== o.hash || entry.payload.id !== o.event_id || entry.payload.seq !== o.seq)
      continue;
    // Only events of the records being repaired (and locked) by the caller.
    if (recordIds.has(entry.payload.record.id)) verified.push(entry);
  }
  await insertEvents(
    trx,
    verified.map((e) => eventOfEntry(e.payload)),
  );
  return verified.map((e) => e.payload.id);
}
