import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Signer } from '../../keys/signer.ts';
import type { PeerKeys } from '../../peer/peer-keys.ts';
import { recordIncident } from '../../sync/sql/record-incident.ts';
import { readAuditHead } from '../sql/read-audit-head.ts';
import { type AnchorClaims, signAnchor, verifyAnchor } from './anchor-jws.ts';
import { storeAnchor } from './sql/store-anchor.ts';
import { storeHeadAnchor } from './sql/store-head-anchor.ts';

export interface AnchorDeps {
  nodeId: string;
  db: Kysely<Database>;
  clock: Clock;
  signer: Signer;
  peerKeys: PeerKeys;
}

/** Our audit chain's head, signed for `witness`; undefined while the chain is empty. */
export async function signOwnHead(
  deps: AnchorDeps,
  witness: string,
): Promise<{ jws: string; claims: AnchorClaims } | undefined> {
  const head = await readAuditHead(deps.db);
  if (!head) return undefined;
  const claims: AnchorClaims = {
    v: 1,
    node: deps.nodeId,
    witness,
    rowId: head.id,
    hash: head.hash,
    at: deps.clock.now().toISOString(),
  };
  return { jws: await signAnchor(deps.signer, claims), claims };
}

/**
 * As `peer`'s witness: verifies its anchor with its keys and keeps it. A second anchor of the same
 * row with another hash means the peer's history changed: it is kept as incident evidence.
 */
export async function witnessAnchor(deps: AnchorDeps, peer: string, jws: string): Promise<AnchorClaims> {
  const keys = deps.peerKeys.of(peer);
  if (!keys) throw new Error(`no keys for peer ${peer}`);
  const claims = await verifyAnchor(jws, keys, { node: peer, witness: deps.nodeId });
  const { conflict } = await storeAnchor(deps.db, claims, jws);
  if (conflict) {
    await recordIncident(deps.db, {
      at: deps.clock.now(),
      peer,
      kind: 'ANCHOR_CONFLICT',
      seq: null,
      detail: `${peer} anchored audit row ${claims.rowId} again with another hash: its audit history changed`,
      evidence: { first: conflict.jws, second: jws },
    });
  }
  return claims;
}

/**
 * As `peer`'s witness, for the head it sends at least every minute: verifies it and keeps it as the
 * newest. A head behind the one we hold, or naming the same row with another hash, is evidence that
 * the newest rows of its audit chain were removed or rewritten: kept as an incident, and the head
 * we hold stays (its `audit.verify` then reports the rows missing).
 */
export async function witnessHead(deps: AnchorDeps, peer: string, jws: string): Promise<AnchorClaims> {
  const keys = deps.peerKeys.of(peer);
  if (!keys) throw new Error(`no keys for peer ${peer}`);
  const claims = await verifyAnchor(jws, keys, { node: peer, witness: deps.nodeId });
  const { contradicted } = await storeHeadAnchor(deps.db, claims, jws);
  // One incident per head we hold: until the peer's chain passes it again (after a restore, until
  // it has written as many rows as it lost) every head it sends is behind it, and each would say the same.
  if (contradicted && !(await contradictionRecorded(deps.db, peer, contradicted.jws))) {
    await recordIncident(deps.db, {
      at: deps.clock.now(),
      peer,
      kind: 'ANCHOR_CONFLICT',
      seq: null,
      detail:
        `${peer} signed its audit head at row ${claims.rowId} after signing row ${contradicted.rowId}` +
        `${contradicted.rowId === claims.rowId ? ' with another hash' : ''}: its newest audit rows were removed or rewritten`,
      evidence: { first: contradicted.jws, second: jws },
    });
  }
  return claims;
}

/** Whether a contradiction of the head `heldJws` of `peer` is already on record. */
async function contradictionRecorded(db: AnchorDeps['db'], peer: string, heldJws: string): Promise<boolean> {
  const row = await db
    .selectFrom('sync_incident')
    .select('id')
    .where('peer', '=', peer)
    .where('kind', '=', 'ANCHOR_CONFLICT')
    .where(sql<boolean>`evidence->>'first' = ${heldJws}`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
