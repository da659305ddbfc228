import { TiemengError } from '../errors/index.ts';
import { PeerCallError } from '../peer/peer-client.ts';
import { peerHeadDivergence } from '../sync/peer-head-check.ts';
import { pullInbound } from '../sync/pull-inbound.ts';
import { linkHashAt } from '../sync/sql/link-hash-at.ts';
import { readLinkHead } from '../sync/sql/lock-link-head.ts';
import { recordIncidentOnce } from '../sync/sql/record-incident.ts';
import type { SyncDeps } from '../sync/sync-deps.ts';
import type { ReconcilePeer } from './reconcile-peer.ts';

export interface LinkCheck {
  from: string;
  to: string;
  /** Our head of the link and the peer's, as compared. */
  localSeq: number;
  peerSeq: number;
  /**
   * `peer_behind`: the peer has not received all we sent yet (delivery continues); `caught_up`: we
   * were behind and pulled; `behind`: still behind after pulling; `diverged`: the same seq has
   * different hashes on the two sides (or one side holds entries the other never signed).
   */
  status: 'in_sync' | 'peer_behind' | 'caught_up' | 'behind' | 'diverged';
  pulled?: number;
  detail?: string;
}

/**
 * Step 1 of a run: compares both links' heads with the peer's (`sync.heads`). Behind on the inbound
 * link → pull through the ordinary path (verify, chain-check, apply). A hash mismatch at a seq both
 * hold → a DIVERGENCE incident.
 */
export async function checkChains(
  deps: SyncDeps,
  peer: ReconcilePeer,
): Promise<{ links: LinkCheck[]; peerHasOursUpTo: number }> {
  const { nodeId: self, db } = deps;
  // Our inbound head before asking: the author's head can only be ahead of it, never behind.
  const inboundBefore = await readLinkHead(db, peer.nodeId, self);
  const theirs = await peer.client.heads();
  // Our outbound head after asking: what the peer holds of our link can only be behind it.
  const outbound = await readLinkHead(db, self, peer.nodeId);

  const diverged = async (seq: number, detail: string, evidence: Record<string, unknown>) => {
    await recordIncidentOnce(db, {
      at: deps.clock.now(),
      peer: peer.nodeId,
      kind: 'DIVERGENCE',
      seq,
      detail,
      evidence,
    });
    return detail;
  };

  const out: LinkCheck = {
    from: self,
    to: peer.nodeId,
    localSeq: outbound.seq,
    peerSeq: theirs.inbound.seq,
    status: 'in_sync',
  };
  const outDetail = await peerHeadDivergence(deps, db, peer.nodeId, theirs.inbound, outbound.seq);
  if (outDetail) {
    out.status = 'diverged';
    out.detail = outDetail;
  } else if (theirs.inbound.seq < outbound.seq) out.status = 'peer_behind';

  const inn: LinkCheck = {
    from: peer.nodeId,
    to: self,
    localSeq: inboundBefore.seq,
    peerSeq: theirs.outbound.seq,
    status: 'in_sync',
  };
  if (theirs.outbound.seq < inboundBefore.seq) {
    inn.status = 'diverged';
    inn.detail = await diverged(
      theirs.outbound.seq,
      `we hold ${inboundBefore.seq} entries of ${peer.nodeId}'s link; it says it signed ${theirs.outbound.seq}`,
      { peerHead: theirs.outbound, ourHead: inboundBefore },
    );
  } else {
    if (theirs.outbound.seq > inboundBefore.seq) {
      try {
        inn.pulled = await pullInbound(deps, peer.client, 200);
      } catch (err) {
        // A refused pull (divergence, broken chain, forged entry) has left its own incident.
        if (!(err instanceof TiemengError || (err instanceof PeerCallError && err.appCode !== 'UNREACHABLE')))
          throw err;
        inn.status = 'diverged';
        inn.detail = `pull refused: ${err.message}`;
      }
      inn.localSeq = (await readLinkHead(db, peer.nodeId, self)).seq;
    }
    if (inn.status !== 'diverged') {
      const stored = await linkHashAt(db, peer.nodeId, self, theirs.outbound.seq);
      if (inn.localSeq < theirs.outbound.seq) inn.status = 'behind';
      else if (stored !== theirs.outbound.hash) {
        inn.status = 'diverged';
        inn.detail = await diverged(
          theirs.outbound.seq,
          `${peer.nodeId}'s entry ${theirs.outbound.seq} differs from the one we stored`,
          { peerHead: theirs.outbound, ourHash: stored ?? null },
        );
      } else if (inn.pulled) inn.status = 'caught_up';
    }
  }
  return { links: [out, inn], peerHasOursUpTo: theirs.inbound.seq };
}
