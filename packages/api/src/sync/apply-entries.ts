import { setImmediate } from 'node:timers/promises';
import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { TiemengError } from '../errors/index.ts';
import { hlcTime, MAX_STAMP_AHEAD_MS } from '../events/hlc.ts';
import { projectionsWrite, projectRecords } from '../events/refold.ts';
import { loadRecordsEvents } from '../events/sql/load-record-events.ts';
import { lockRecords } from '../events/sql/lock-record.ts';
import type { ApplyResult } from '../peer/peer-client.ts';
import { eventConflict } from './event-conflict.ts';
import { readLinkEntries } from './sql/insert-link-entry.ts';
import { linkBatchRows, linkBatchWrite } from './sql/link-batch-write.ts';
import { lockLinkHead } from './sql/lock-link-head.ts';
import { recordIncident } from './sql/record-incident.ts';
import { storedEventIds } from './sql/stored-event-ids.ts';
import type { SyncDeps } from './sync-deps.ts';
import { type HeaderCache, type VerifiedEntry, verifyEntry } from './verify-entry.ts';
import { withBatchEvents } from './with-batch-events.ts';

/** Most entries one push or pull may carry. */
export const MAX_BATCH = 500;
/** Refusals that say nothing against the entry itself (its key is not known here yet): no incident. */
const NO_EVIDENCE: ReadonlySet<string> = new Set(['UNKNOWN_KEY', 'PEER_KEYS_UNAVAILABLE']);

export type { ApplyResult };

/**
 * Applies a batch of `peer`'s signed entries to the inbound link peer → this node, in the caller's
 * transaction: verify every entry first (nothing unverified is trusted), then chain-check against the
 * stored head, skip exact duplicates, store, advance the head and refold touched records.
 * Divergence and forged entries are refused whole and leave an incident with the evidence.
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
  // Verified concurrently: node:crypto checks the signatures on the thread pool, on every core. The
  // entries of a batch share their header, so it is decoded and its key looked up once (`cache`).
  const cache: HeaderCache = new Map();
  const verified = await Promise.allSettled(
    jwsList.map((jws) => verifyEntry(jws, peer, deps.nodeId, deps.peerKeys, cache)),
  );
  const entries: VerifiedEntry[] = [];
  for (const [i, outcome] of verified.entries()) {
    if (outcome.status === 'fulfilled') {
      entries.push(outcome.value);
      continue;
    }
    const err = outcome.reason;
    if (err instanceof TiemengError && !NO_EVIDENCE.has(err.appCode)) {
      await incident(deps, peer, err.appCode, null, err.message, { entry: jwsList[i] });
    }
    throw err;
  }
  for (let i = 1; i < entries.length; i++) {
    if (entries[i]!.payload.seq !== entries[i - 1]!.payload.seq + 1) {
      throw new TiemengError('INVALID_INPUT', {
        message: 'Entries of a batch must be in seq order without gaps',
      });
    }
  }

  // What the batch stores when all of it is new (all but a resent batch does), built before the
  // link's lock is taken: the batch before may hold it yet, and the thread would only wait meanwhile.
  const all = linkBatchRows(peer, deps.nodeId, entries);
  const allWrite = linkBatchWrite(all);

  let head = await lockLinkHead(trx, peer, deps.nodeId);
  let duplicates = 0;
  // A resent batch: the entries we already hold at its seqs, read in one statement.
  const storedBySeq = new Map<number, { hash: string; jws: string }>();
  const firstSeq = entries[0]?.payload.seq;
  if (firstSeq !== undefined && firstSeq <= head.seq) {
    const count = Math.min(entries.length, head.seq - firstSeq + 1);
    for (const row of await readLinkEntries(trx, peer, deps.nodeId, firstSeq - 1, count)) {
      storedBySeq.set(row.seq, row);
    }
  }
  for (const entry of entries) {
    const { seq, prev } = entry.payload;
    if (seq <= head.seq) {
      const stored = storedBySeq.get(seq);
      if (!stored) throw new Error(`Link ${peer} → ${deps.nodeId} has no stored entry at seq ${seq}`);
      if (stored.hash === entry.hash) {
        duplicates++;
        continue;
      }
      await incident(deps, peer, 'DIVERGENCE', seq, `${peer} sent a different entry at stored seq ${seq}`, {
        stored: stored.jws,
        received: entry.jws,
      });
      throw new TiemengError('DIVERGENCE', {
        message: `A different entry is already stored at seq ${seq}`,
        details: { seq },
      });
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
      throw new TiemengError('CHAIN_BROKEN', { message: `Entry ${seq} does not chain to entry ${head.seq}` });
    }
    if (hlcTime(entry.payload.hlc).getTime() > deps.clock.now().getTime() + MAX_STAMP_AHEAD_MS) {
      throw new TiemengError('INVALID_INPUT', {
        message: `Entry ${seq} is stamped ${entry.payload.hlc}, more than ${MAX_STAMP_AHEAD_MS / 1000} s ahead of this node's clock`,
      });
    }
    head = { seq, hash: entry.hash };
  }
  // A resent batch's entries already held are its first ones: the rest are new.
  const newEvents = all.events.slice(duplicates);
  const newEntries = all.entries.slice(duplicates);
  // The touched records are locked before what is stored of them is read: a local append to one of
  // them waits, so what is read here, with the batch's events, is all there is when they are refolded.
  const touchedIds = [...new Set(newEvents.map((e) => e.recordId))];
  await lockRecords(trx, touchedIds);
  const records = await loadRecordsEvents(trx, touchedIds);
  const conflict = eventConflict(newEvents, {
    ids: await storedEventIds(
      trx,
      newEvents.map((e) => e.id),
    ),
    recordTypes: new Map([...records].map(([id, record]) => [id, record.type])),
  });
  if (conflict) {
    const entry = newEntries[conflict.index]!;
    await incident(deps, peer, 'RECORD_CONFLICT', entry.seq, `entry ${entry.seq}: ${conflict.detail}`, {
      received: entry.jws,
    });
    throw new TiemengError('RECORD_CONFLICT', { message: `Entry ${entry.seq}: ${conflict.detail}` });
  }
  // Whole batch at once, in two statements however many entries it carries. The touched records are
  // folded while the database stores the batch: the fold's CPU and the writes overlap.
  const stored = (
    duplicates === 0 ? allWrite : linkBatchWrite({ events: newEvents, entries: newEntries })
  )?.execute(trx);
  stored?.catch(() => {}); // awaited below, once the folds are done
  await setImmediate(); // lets the statement reach the database before the folds take the thread
  const projections = projectionsWrite(projectRecords(deps.records, withBatchEvents(records, newEvents)));
  await stored;
  await projections?.execute(trx);
  // Only stamps of a batch that passed every check move our clock on.
  for (const e of newEvents) deps.hlc.observe(e.hlc);
  return { head, applied: newEntries.length, duplicates };
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
