import { HeadAnchorWorker } from '../audit/anchor/head-anchor-worker.ts';
import type { RunningNode } from '../node/start-node.ts';
import { PeerClient } from '../peer/peer-client.ts';

/** Sends `node`'s signed audit head to its peers now, as its worker does every half minute. */
export function sendAuditHeads(node: RunningNode): Promise<void> {
  const { services } = node;
  const peers = services.config.peers.map((p) => new PeerClient(services.signer, p));
  return new HeadAnchorWorker(services.sync.deps, peers, { log: services.log }).sendNow();
}
