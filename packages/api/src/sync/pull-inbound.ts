import { randomUUID } from 'node:crypto';
import { appendAuditRow } from '../audit/sql/append-audit-row.ts';
import { sha256Hex } from '../crypto/hash.ts';
import type { PeerClient } from '../peer/peer-client.ts';
import { applyEntries } from './apply-entries.ts';
import { readLinkHead } from './sql/lock-link-head.ts';
import type { SyncDeps } from './sync-deps.ts';

/**
 * Pulls what `peer` has for us beyond our head of the inbound link and applies it exactly as a push
 * would be (verify first, chain-check, one audit row per batch). Returns how many entries were applied.
 * Used by the delivery worker's safety net and by reconciliation when we are behind.
 */
export async function pullInbound(
  deps: SyncDeps,
  peer: PeerClient,
  batchSize: number,
  /** Our inbound head's seq, when the caller has only just read it. */
  headSeq?: number,
): Promise<number> {
  const { db, nodeId } = deps;
  let applied = 0;
  let expected: number | undefined;
  for (let known = headSeq; ; known = undefined) {
    const seq = known ?? (await readLinkHead(db, peer.nodeId, nodeId)).seq;
    // The head moved past our last batch: the peer's pushes are delivering again, so stop rather
    // than fetch the same entries twice (one side would only apply duplicates).
    if (expected !== undefined && seq > expected) return applied;
    const { entries, head } = await peer.pull(seq, batchSize);
    // The head is only a figure for metrics; an answer without one is not worth failing the pull.
    if (typeof head?.seq === 'number') deps.metrics?.peerHead(peer.nodeId, head.seq, deps.clock.now());
    if (entries.length === 0) return applied;
    const result = await db.transaction().execute(async (trx) => {
      const result = await applyEntries(trx, deps, peer.nodeId, entries);
      await appendAuditRow(trx, {
        at: deps.clock.now(),
        nodeId,
        actorType: 'node',
        actorId: peer.nodeId,
        procedure: 'sync.pulled',
        recordIds: [],
        outcome: 'ok',
        errorCode: null,
        requestId: randomUUID(),
        inputHash: sha256Hex(entries.join('\n')),
      });
      return result;
    });
    applied += result.applied;
    expected = result.head.seq;
    // A batch that moved nothing (only entries we hold) would be asked for again and again.
    if (entries.length < batchSize || result.applied === 0) return applied;
  }
}
