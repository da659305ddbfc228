import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { linkHashAt } from './sql/link-hash-at.ts';
import type { LinkHead } from './sql/lock-link-head.ts';
import { recordIncidentOnce } from './sql/record-incident.ts';
import type { SyncDeps } from './sync-deps.ts';

/**
 * The peer's head of our link (this node → `peer`) must be an entry we really signed there: not past
 * our own head, and with the hash we stored at that seq. If it is not, records a DIVERGENCE incident
 * (once, through the pool) and returns its detail; undefined when the head checks out. `reader` reads
 * our entry: the caller's transaction or the pool.
 */
export async function peerHeadDivergence(
  deps: Pick<SyncDeps, 'db' | 'nodeId' | 'clock'>,
  reader: Kysely<Database>,
  peer: string,
  peerHead: LinkHead,
  localSeq: number,
): Promise<string | undefined> {
  const ourHash = await linkHashAt(reader, deps.nodeId, peer, peerHead.seq);
  if (peerHead.seq <= localSeq && ourHash === peerHead.hash) return undefined;
  const detail = `${peer} holds seq ${peerHead.seq} of our link with a hash we did not sign there`;
  await recordIncidentOnce(deps.db, {
    at: deps.clock.now(),
    peer,
    kind: 'DIVERGENCE',
    seq: peerHead.seq,
    detail,
    evidence: { peerHead, ourHash: ourHash ?? null },
  });
  return detail;
}
