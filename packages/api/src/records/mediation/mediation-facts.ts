import type { FoldOutput } from '../../events/index.ts';
import type { RecordFact } from '../metrics.ts';
import type { MediationState } from './mediation-type.ts';

/** Outcomes whose co-signed terms count as an agreement reached. */
const AGREEING_RESULTS: readonly string[] = ['agreement', 'partial'];

/** What one mediation contributes to the joint statistics (metrics are defined in stats/metrics.ts). */
export function mediationFacts({ state: s }: FoldOutput<MediationState | null>): RecordFact[] {
  if (!s) return [];
  const base = {
    fromNode: s.openingNode,
    toNode: s.partnerNode,
    station: s.openingStation,
    category: s.disputeType,
  };
  const facts: RecordFact[] = [];
  if (s.outcome && s.concludedAt) {
    facts.push({ ...base, metric: 'disputes.mediated', at: s.concludedAt, value: 1 });
    // Counted once the outcome confirms the terms, but timed by the completing signature, so a
    // superseded or unconfirmed text never counts.
    const agreedAt = s.agreement?.agreedAt;
    if (AGREEING_RESULTS.includes(s.outcome.result) && s.outcome.termsHash && agreedAt)
      facts.push({ ...base, metric: 'mediation.agreements', at: agreedAt, value: 1 });
  }
  if (s.followedUpAt)
    facts.push({ ...base, metric: 'mediation.followups_done', at: s.followedUpAt, value: 1 });
  return facts;
}
