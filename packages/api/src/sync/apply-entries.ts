import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { TiemengError } from '../errors/index.ts';
import { refoldRecords } from '../records/refold.ts';
import { lockRecords } from '../records/sql/lock-record.ts';
import { type EventRow, eventOfEntry, insertEvents } from './sql/insert-event.ts';
import { insertLinkEntries, type LinkEntryRow } from './sql/insert-link-entry.ts';
import { type LinkHead, lockLinkHead, setLinkHead } from './sql/lock-link-head.ts';
import { recordIncident } from './sql/record-incident.ts';
import type { SyncDeps } from './sync-deps.ts';
import { type VerifiedEntry, verifyEntry } from './verify-entry.ts';

/** Most entries one push or pull may carry. */
export const MAX_BATCH = 500;

export interface ApplyResult {
  head: LinkHead;
  applied: number;
  duplicates: number;
}

/** Entries verified and stored together while the thread pool checks the signatures after them. */
const CHUNK = 100;

/**
 * Applies a batch of `peer`'s signed entries to the inbound link peer → this node, in the caller's
 * transaction: verify, chain-check against the stored head, skip exact duplicates, store, advance the
 * head and refold touched records. Divergence and forged entries are refused whole (the transaction
 * rolls back) and leave an incident with the evidence.
 *
 * Every signature check starts at once on the thread pool; entries are stored chunk by chunk as their
 * own signatures pass, so the database works while later ones are still being checked. No entry is
 * stored before it is verified, and nothing commits unless all are.
 */
export async function applyEntries(
  trx: Kysely<Database>,
  deps: SyncDeps,
  peer: string,
  jwsList: readonly string[],
): Promise<ApplyResult> {
  if (jwsList.length > MAX_BATCH) {
    throw new TiemengError('BATCH_TOO_LARGE', {
      message: `At most ${MAX_BATCH} entries per batch, got ${jwsList.length}`,
    });
  }
  const verifying = jwsList.map((jws) => verifyEntry(jws, peer, deps.nodeId, deps.peerKeys));
  for (const v of verifying) v.catch(() => {}); // each is awaited below, with its chunk

  let head = await lockLinkHead(trx, peer, deps.nodeId);
  // All at once and in sorted order, so concurrent lockers cannot deadlock. The ids come from payloads
  // not yet verified: they only say which records to lock, nothing is trusted from them.
  await lockRecords(trx, recordIdsNamedIn(jwsList));
  let applied = 0;
  let duplicates = 0;
  let previousSeq: number | undefined;
  for (let at = 0; at < jwsList.length; at += CHUNK) {
    const entries = await verified(deps, peer, jwsList, verifying, at, at + CHUNK);
    const touched = new Set<string>();
    const newEvents: EventRow[] = [];
    const newEntries: LinkEntryRow[] = [];
    for (const { payload } of entries) {
      if (previousSeq !== undefined && payload.seq !== previousSeq + 1) {
        throw new TiemengError('INVALID_INPUT', {
          message: 'Entries of a batch must be in seq order without gaps',
        });
      }
      previousSeq = payload.seq;
    }
    for (const entry of entries) {
      const { seq, prev } = entry.payload;
      if (seq <= head.seq) {
        await assertDuplicate(trx, deps, peer, entry);
        duplicates++;
        continue;
      }
      if (seq > head.seq + 1) {
        throw new TiemengError('SEQ_GAP', {
          message: `Expected seq ${head.seq + 1}, got ${seq}`,
          details: { expectedSeq: head.seq + 1 },
        });
      }
      if (prev !== head.hash) {
        await incident(
          deps,
          peer,
          'CHAIN_BROKEN',
          seq,
          `entry ${seq} does not chain to stored entry ${head.seq}`,
          {
            received: entry.jws,
            headHash: head.hash,
          },
        );
        throw new TiemengError('CHAIN_BROKEN', {
          message: `Entry ${seq} does not chain to entry ${head.seq}`,
        });
      }
      const p = entry.payload;
      newEvents.push(eventOfEntry(p));
      newEntries.push({
        from: peer,
        to: deps.nodeId,
        seq,
        hash: entry.hash,
        prev,
        eventId: p.id,
        jws: entry.jws,
      });
      deps.hlc.observe(p.hlc);
      head = { seq, hash: entry.hash };
      touched.add(p.record.id);
      applied++;
    }
    // A chunk at once: a few statements however many entries it carries.
    await insertEvents(trx, newEvents);
    await insertLinkEntries(trx, newEntries);
    await refoldRecords(trx, deps.records, [...touched]);
  }
  if (applied > 0) await setLinkHead(trx, peer, deps.nodeId, head);
  return { head, applied, duplicates };
}

/** The verified entries `from`…`to` of the batch; the first that failed is refused with an incident. */
async function verified(
  deps: SyncDeps,
  peer: string,
  jwsList: readonly string[],
  verifying: readonly Promise<VerifiedEntry>[],
  from: number,
  to: number,
): Promise<VerifiedEntry[]> {
  const outcomes = await Promise.allSettled(verifying.slice(from, to));
  const entries: VerifiedEntry[] = [];
  for (const [i, outcome] of outcomes.entries()) {
    if (outcome.status === 'fulfilled') {
      entries.push(outcome.value);
      continue;
    }
    const err = outcome.reason;
    if (err instanceof TiemengError && err.appCode !== 'UNKNOWN_KEY') {
      await incident(deps, peer, err.appCode, null, err.message, { entry: jwsList[from + i] });
    }
    throw err;
  }
  return entries;
}

/** An entry at a stored seq must be the very same entry; anything else is a divergence. */
async function assertDuplicate(trx: Kysely<Database>, deps: SyncDeps, peer: string, entry: VerifiedEntry) {
  const { seq } = entry.payload;
  const stored = await trx
    .selectFrom('link_entry')
    .select(['hash', 'jws'])
    .where('from_node', '=', peer)
    .where('to_node', '=', deps.nodeId)
    .where('seq', '=', seq)
    .executeTakeFirstOrThrow();
  if (stored.hash === entry.hash) return;
  await incident(deps, peer, 'DIVERGENCE', seq, `${peer} sent a different entry at stored seq ${seq}`, {
    stored: stored.jws,
    received: entry.jws,
  });
  throw new TiemengError('DIVERGENCE', {
    message: `A different entry is already stored at seq ${seq}`,
    details: { seq },
  });
}

/** The record ids the payloads name, unverified and best effort (a malformed entry names none). */
function recordIdsNamedIn(jwsList: readonly string[]): string[] {
  const ids = new Set<string>();
  for (const jws of jwsList) {
    try {
      const id = JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8'))?.record?.id;
      if (typeof id === 'string') ids.add(id);
    } catch {
      // refused when its verification fails
    }
  }
  return [...ids];
}

function incident(
  deps: SyncDeps,
  peer: string,
  kind: string,
  seq: number | null,
  detail: string,
  evidence: Record<string, unknown>,
) {
  return recordIncident(deps.db, { at: deps.clock.now(), peer, kind, seq, detail, evidence });
}
