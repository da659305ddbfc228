import { randomUUID } from 'node:crypto';
import type { Database } from '@tiemeng/db';
import type { Transaction } from 'kysely';
import { appendAuditRow } from '../audit/sql/append-audit-row.ts';
import { sha256Hex } from '../crypto/hash.ts';
import { TiemengError } from '../errors/index.ts';
import { refoldRecords } from '../events/refold.ts';
import { lockRecords } from '../events/sql/lock-record.ts';
import type { PeerClient } from '../peer/peer-client.ts';
import { pullInbound } from './pull-inbound.ts';
import { linkBatchRows, linkBatchWrite } from './sql/link-batch-write.ts';
import { type LinkHead, lockLinkHead, readLinkHead } from './sql/lock-link-head.ts';
import type { SyncDeps } from './sync-deps.ts';
import { type HeaderCache, verifyEntry } from './verify-entry.ts';

const BATCH = 200;

/**
 * Takes back entries of our own link (this node → `peer`) that the peer holds beyond our head: after
 * a restore from an older backup, the partner's copy is the only one left of what we signed since.
 * Each entry must verify with our own keys and chain onto our head; its event is stored and its
 * record refolded, as if we had just authored it. Without this, our next event would be signed at a
 * seq the partner already holds with another entry (a divergence).
 *
 * `peerHead` is the peer's head of our link when the caller has just asked (`sync.heads`). Returns
 * how many entries were recovered.
 */
export async function recoverOwnLink(deps: SyncDeps, peer: PeerClient, peerHead?: LinkHead): Promise<number> {
  const target = peerHead ?? (await peer.heads()).inbound;
  let recovered = 0;
  for (;;) {
    const local = await readLinkHead(deps.db, deps.nodeId, peer.nodeId);
    if (target.seq <= local.seq) return recovered;
    const entries = await peer.pullOwn(local.seq, BATCH);
    if (entries.length === 0) return recovered;
    const adopted = await deps.db
      .transaction()
      .execute((trx) => adoptOwnEntries(trx, deps, peer.nodeId, entries));
    if (adopted === 0) return recovered;
    recovered += adopted;
  }
}

async function adoptOwnEntries(
  trx: Transaction<Database>,
  deps: SyncDeps,
  peer: string,
  jwsList: readonly string[],
): Promise<number> {
  const own = { of: (node: string) => (node === deps.nodeId ? deps.signer.ownKeySet() : undefined) };
  // Nothing is taken back that our own keys do not verify (a key made after the backup is lost with it).
  const cache: HeaderCache = new Map();
  const entries = await Promise.all(jwsList.map((jws) => verifyEntry(jws, deps.nodeId, peer, own, cache)));
  // The records before the link, the order the append sequencer takes them in: taken the other way
  // round, a filing on one of them would wait for our link while we wait for its record (a deadlock).
  await lockRecords(trx, [...new Set(entries.map((e) => e.payload.record.id))]);
  let head = await lockLinkHead(trx, deps.nodeId, peer);
  const fresh = entries.filter((e) => e.payload.seq > head.seq);
  for (const entry of fresh) {
    if (entry.payload.seq !== head.seq + 1 || entry.payload.prev !== head.hash) {
      throw new TiemengError('CHAIN_BROKEN', {
        message: `${peer}'s copy of our entry ${entry.payload.seq} does not chain onto our entry ${head.seq}`,
      });
    }
    head = { seq: entry.payload.seq, hash: entry.hash };
  }
  if (fresh.length === 0) return 0;
  await linkBatchWrite(linkBatchRows(deps.nodeId, peer, fresh))?.execute(trx);
  const records = [...new Set(fresh.map((e) => e.payload.record.id))].sort();
  await refoldRecords(trx, deps.records, records);
  for (const e of fresh) deps.hlc.observe(e.payload.hlc);
  await appendAuditRow(trx, {
    at: deps.clock.now(),
    nodeId: deps.nodeId,
    actorType: 'node',
    actorId: peer,
    procedure: 'sync.recovered',
    recordIds: records.slice(0, 1_000),
    outcome: 'ok',
    errorCode: null,
    requestId: randomUUID(),
    inputHash: sha256Hex(jwsList.join('\n')),
  });
  return fresh.length;
}

export interface PeerRecovery {
  peer: string;
  /** Our own entries taken back from the peer's copy of our link. */
  recovered: number;
  /** The peer's entries pulled beyond our head of its link. */
  pulled: number;
  error?: string;
}

/**
 * After a restore (and at every start): with each peer, take back our own entries it holds beyond our
 * head, then pull its entries beyond ours. A peer that cannot be reached is reported, not fatal; the
 * delivery worker does the same once it answers.
 */
export async function recoverFromPeers(
  deps: SyncDeps,
  peers: readonly PeerClient[],
): Promise<PeerRecovery[]> {
  return Promise.all(
    peers.map(async (peer) => {
      const out: PeerRecovery = { peer: peer.nodeId, recovered: 0, pulled: 0 };
      try {
        const heads = await peer.heads();
        out.recovered = await recoverOwnLink(deps, peer, heads.inbound);
        out.pulled = await pullInbound(deps, peer, BATCH);
      } catch (err) {
        out.error = (err as Error).message;
      }
      return out;
    }),
  );
}
