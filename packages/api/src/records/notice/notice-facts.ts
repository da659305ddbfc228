import type { FoldOutput } from '../../events/index.ts';
import type { RecordFact } from '../metrics.ts';
import type { NoticeState } from './notice-type.ts';

/**
 * What one notice contributes to the joint statistics (metrics are defined in stats/metrics.ts).
 * Direction is issuing node → first recipient, except that a trace or interception is credited to
 * the partner whose report the owner confirmed.
 */
export function noticeFacts({ state: s }: FoldOutput<NoticeState | null>): RecordFact[] {
  if (!s) return [];
  const base = {
    fromNode: s.issuingNode,
    toNode: s.recipientNodes[0]!,
    station: s.issuingStation,
    category: s.kind,
    priority: null,
  };
  const facts: RecordFact[] = [{ ...base, metric: 'notice.issued', at: s.issuedAt, value: 1 }];
  const r = s.resolution;
  if (!r) return facts;
  const confirmed = (type: string) => s.reports.filter((x) => x.type === type && x.review?.accepted).at(-1);
  if (s.kind === 'missing_person' && (r.outcome === 'found_safe' || r.outcome === 'found_deceased')) {
    const credited = confirmed('located')?.node ?? base.toNode;
    facts.push({ ...base, toNode: credited, metric: 'missing.traced', at: r.at, value: 1 });
  }
  // Only an arrest the partner brought about counts: a confirmed interception, before the resolution
  // (the fold accepts nothing after it, so any confirmation on record came first).
  const interception = confirmed('intercepted');
  if (s.kind === 'fugitive' && r.outcome === 'arrested' && interception)
    facts.push({ ...base, toNode: interception.node, metric: 'fugitives.intercepted', at: r.at, value: 1 });
  return facts;
}
