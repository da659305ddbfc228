import type { FoldOutput } from '../../events/index.ts';
import type { RecordFact } from '../metrics.ts';
import type { AssistanceState } from './assistance-type.ts';

const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

/** What one request contributes to the joint statistics (metrics are defined in stats/metrics.ts). */
export function assistanceFacts({ state: s }: FoldOutput<AssistanceState | null>): RecordFact[] {
  if (!s) return [];
  const base = {
    fromNode: s.requestingNode,
    toNode: s.addressedNode,
    station: s.requestingStation,
    category: s.category,
    priority: s.priority,
  };
  const facts: RecordFact[] = [{ ...base, metric: 'assistance.filed', at: s.filedAt, value: 1 }];
  if (s.acknowledgedAt) {
    const minutes = minutesBetween(s.filedAt, s.acknowledgedAt);
    facts.push({ ...base, metric: 'assistance.acknowledged', at: s.acknowledgedAt, value: minutes });
    if (Date.parse(s.acknowledgedAt) <= Date.parse(s.dueAckAt))
      facts.push({ ...base, metric: 'assistance.ack_in_time', at: s.acknowledgedAt, value: 1 });
  }
  if (s.declinedAt) facts.push({ ...base, metric: 'assistance.declined', at: s.declinedAt, value: 1 });
  if (s.withdrawnAt) facts.push({ ...base, metric: 'assistance.withdrawn', at: s.withdrawnAt, value: 1 });
  if (s.completedAt && s.completion) {
    const at = s.completedAt;
    const c = s.completion;
    facts.push({ ...base, metric: 'assistance.completed', at, value: 1 });
    if (c.caseSolved) facts.push({ ...base, metric: 'cases.solved', at, value: 1 });
    if (s.category === 'missing_person_search' && c.personsLocated > 0)
      facts.push({ ...base, metric: 'missing.traced', at, value: c.personsLocated });
    if (s.category === 'suspect_pursuit' && c.suspectsIntercepted > 0)
      facts.push({ ...base, metric: 'fugitives.intercepted', at, value: c.suspectsIntercepted });
  }
  return facts;
}
