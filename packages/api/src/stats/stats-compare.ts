import { canonicalJson, sha256Hex } from '../crypto/hash.ts';
import type { NodeServices } from '../node/node-services.ts';
import { PeerClient } from '../peer/peer-client.ts';
import type { SummaryInput } from './stats-service.ts';
import { type Figures, figuresOf } from './summary.ts';

/** A node's totals for a period, with the SHA-256 of their canonical JSON to compare them by. */
export interface NodeFigures {
  nodeId: string;
  figures: Figures;
  digest: string;
}

export interface PartnerFigures {
  nodeId: string;
  status: 'ok' | 'unreachable';
  figures?: Figures;
  digest?: string;
  /** The partner's figures are ours exactly (same digest, recomputed here from what it sent). */
  agree?: boolean;
  /** Why the partner could not be read. */
  detail?: string;
}

/** This node's totals for a period (all stations together, as `stats.summary` without grouping). */
export async function ownFigures(services: NodeServices, period: Pick<SummaryInput, 'from' | 'to'>) {
  const summary = await services.stats.summary({ from: period.from, to: period.to });
  const figures = summary.groups[0]?.figures ?? figuresOf([], undefined);
  return { nodeId: services.config.nodeId, figures, digest: sha256Hex(canonicalJson(figures)) };
}

/**
 * Our totals beside each partner's, read from the partner over the node-to-node API (`stats.figures`),
 * so command staff see both nodes agree rather than take our word for it.
 */
export async function compareFigures(
  services: NodeServices,
  period: Pick<SummaryInput, 'from' | 'to'>,
): Promise<{ ours: NodeFigures; partners: PartnerFigures[] }> {
  const ours = await ownFigures(services, period);
  const partners = await Promise.all(
    services.config.peers.map(async (peer): Promise<PartnerFigures> => {
      try {
        const theirs = await new PeerClient(services.signer, peer).call<NodeFigures>('GET', 'stats.figures', {
          from: period.from,
          to: period.to,
        });
        const digest = sha256Hex(canonicalJson(theirs.figures));
        return {
          nodeId: peer.nodeId,
          status: 'ok',
          figures: theirs.figures,
          digest,
          agree: digest === ours.digest,
        };
      } catch (err) {
        return { nodeId: peer.nodeId, status: 'unreachable', detail: (err as Error).message };
      }
    }),
  );
  return { ours, partners };
}
