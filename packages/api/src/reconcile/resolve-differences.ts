import { pullInbound } from '../sync/pull-inbound.ts';
import { readLinkHead } from '../sync/sql/lock-link-head.ts';
import { recordIncidentOnce } from '../sync/sql/record-incident.ts';
import type { SyncDeps } from '../sync/sync-deps.ts';
import { inspectRecords } from './inspect-records.ts';
import type { ReconcilePeer } from './reconcile-peer.ts';
import type { RecordDigest } from './record-digest.ts';

export type Resolution =
  /** Our projection did not match our events; refolded. */
  | 'repaired_here'
  /** The peer's projection did not match its events; it refolded. */
  | 'repaired_at_peer'
  /** A side had lost events; restored from its stored signed entries (or pulled) and refolded. */
  | 'events_restored'
  /** Events still on their way (beyond the receiver's head); the next run will see them arrived. */
  | 'in_flight'
  /** Equal by the time we looked again (a concurrent event reached both). */
  | 'in_sync'
  /** Still different after refolding and exchanging events: an incident names the record. */
  | 'incident';

export interface Difference {
  recordId: string;
  resolution: Resolution;
  detail?: string;
}

export const REPAIRED: ReadonlySet<Resolution> = new Set([
  'repaired_here',
  'repaired_at_peer',
  'events_restored',
]);

/** Records compared per inspect call (bounds one request body). */
const CHUNK = 200;

export interface ResolveContext {
  deps: SyncDeps;
  peer: ReconcilePeer;
  /** The peer's head of our link, from the chain check: our events beyond it are in flight. */
  peerHasOursUpTo: number;
}

/**
 * Works out why each differing record differs and mends what can be mended, in steps that each end
 * the matter for most records: refold ours; ask the peer to refold its own and answer state hash and
 * events; for what still differs, restore events the lacking side holds as signed link entries (the
 * peer restores its own, asked by event id), pull what we are behind on, and compare once more.
 */
export async function resolveDifferences(
  ctx: ResolveContext,
  ids: readonly string[],
  /** Each chunk's results are added as it ends, so a run failing later still reports what it did. */
  into: Difference[] = [],
): Promise<Difference[]> {
  for (let at = 0; at < ids.length; at += CHUNK)
    into.push(...(await resolveChunk(ctx, ids.slice(at, at + CHUNK))));
  return into;
}

async function resolveChunk(ctx: ResolveContext, ids: readonly string[]): Promise<Difference[]> {
  const { deps, peer } = ctx;
  const ours = await deps.db.transaction().execute((trx) => inspectRecords(trx, deps, peer.nodeId, ids));
  const theirs = await peer.inspect(ids);
  const repairedHere = new Set(ours.repaired);
  const repairedThere = new Set(theirs.repaired);

  const out: Difference[] = [];
  const pending: string[] = [];
  const oursById = byId(ours.records);
  const theirsById = byId(theirs.records);
  for (const id of ids) {
    if (oursById.get(id)?.stateHash !== theirsById.get(id)?.stateHash) pending.push(id);
    else out.push({ recordId: id, resolution: firstRepair(id, repairedHere, repairedThere) ?? 'in_sync' });
  }
  if (pending.length === 0) return out;

  // Events one side holds and the other does not, per record.
  const missing = new Map(pending.map((id) => [id, eventGap(oursById.get(id), theirsById.get(id))]));
  const weLack = [...missing.values()].flatMap((g) => g.here);
  const theyLack = [...missing.values()].flatMap((g) => g.there);
  // Behind on the peer's link (an event beyond our head): catch up the ordinary way first.
  const inbound = await readLinkHead(deps.db, peer.nodeId, deps.nodeId);
  if (weLack.some((e) => e.author === peer.nodeId && (e.seq ?? 0) > inbound.seq)) {
    await pullInbound(deps, peer.client, 200);
  }
  const ours2 = await deps.db.transaction().execute((trx) =>
    inspectRecords(
      trx,
      deps,
      peer.nodeId,
      pending,
      weLack.map((e) => e.id),
    ),
  );
  const theirs2 =
    theyLack.length > 0
      ? await peer.inspect(
          pending,
          theyLack.map((e) => e.id),
        )
      : theirs;
  const ours2ById = byId(ours2.records);
  const theirs2ById = byId(theirs2.records);
  const inboundNow = await readLinkHead(deps.db, peer.nodeId, deps.nodeId);

  for (const id of pending) {
    const a = ours2ById.get(id);
    const b = theirs2ById.get(id);
    const gap = missing.get(id)!;
    if (a?.stateHash === b?.stateHash) {
      const lost = gap.here.length + gap.there.length;
      out.push(
        lost > 0
          ? {
              recordId: id,
              resolution: 'events_restored',
              detail: `${gap.here.length} event(s) recovered here, ${gap.there.length} restored at ${peer.nodeId}`,
            }
          : { recordId: id, resolution: firstRepair(id, repairedHere, repairedThere) ?? 'in_sync' },
      );
      continue;
    }
    const now = eventGap(a, b);
    const inFlight =
      now.here.length + now.there.length > 0 &&
      now.here.every((e) => e.author === peer.nodeId && (e.seq ?? 0) > inboundNow.seq) &&
      now.there.every((e) => e.author === deps.nodeId && (e.seq ?? 0) > ctx.peerHasOursUpTo);
    if (inFlight) {
      out.push({ recordId: id, resolution: 'in_flight' });
      continue;
    }
    const detail =
      `record ${id} differs from ${peer.nodeId} after refolding and exchanging events ` +
      `(missing here: ${now.here.length}, missing at ${peer.nodeId}: ${now.there.length})`;
    await recordIncidentOnce(deps.db, {
      at: deps.clock.now(),
      peer: peer.nodeId,
      kind: 'STATE_MISMATCH',
      seq: null,
      detail,
      evidence: {
        recordId: id,
        ours: a ?? null,
        theirs: b ?? null,
        missingHere: now.here.map((e) => e.id),
        missingThere: now.there.map((e) => e.id),
      },
    });
    out.push({ recordId: id, resolution: 'incident', detail });
  }
  return out;
}

/** Events the other side holds that we lack (`here`), and the reverse (`there`). */
function eventGap(ours: RecordDigest | undefined, theirs: RecordDigest | undefined) {
  const mine = new Set(ours?.events.map((e) => e.id));
  const yours = new Set(theirs?.events.map((e) => e.id));
  return {
    here: (theirs?.events ?? []).filter((e) => !mine.has(e.id)),
    there: (ours?.events ?? []).filter((e) => !yours.has(e.id)),
  };
}

function firstRepair(
  id: string,
  here: ReadonlySet<string>,
  there: ReadonlySet<string>,
): Resolution | undefined {
  if (here.has(id)) return 'repaired_here';
  if (there.has(id)) return 'repaired_at_peer';
  return undefined;
}

const byId = (records: readonly RecordDigest[]) => new Map(records.map((r) => [r.id, r]));
