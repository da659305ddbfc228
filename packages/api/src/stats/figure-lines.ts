import { METRICS } from '../records/metrics.ts';
import type { Figures } from './summary.ts';

/**
 * The figures as people read them, labelled in both languages, the four the stations publish first.
 * The CSV export and every client print these, so a label is written once; the Chinese name of a
 * counted metric is the one `METRICS` defines.
 */
const LINES: { zh: string; en: string; value: (f: Figures) => number | null }[] = [
  { zh: METRICS['disputes.mediated'].zh, en: 'Disputes mediated', value: (f) => f.disputesMediated },
  { zh: METRICS['missing.traced'].zh, en: 'Missing persons traced', value: (f) => f.missingTraced },
  {
    zh: METRICS['fugitives.intercepted'].zh,
    en: 'Fugitives intercepted',
    value: (f) => f.fugitivesIntercepted,
  },
  { zh: METRICS['cases.solved'].zh, en: 'Cases solved', value: (f) => f.casesSolved },
  { zh: METRICS['assistance.filed'].zh, en: 'Assistance requests', value: (f) => f.requests.filed },
  { zh: METRICS['assistance.acknowledged'].zh, en: 'Acknowledged', value: (f) => f.requests.acknowledged },
  {
    zh: METRICS['assistance.ack_in_time'].zh,
    en: 'Acknowledged in time',
    value: (f) => f.requests.ackInTime,
  },
  { zh: '按时签收率(%)', en: 'Acknowledged in time (%)', value: (f) => f.requests.ackInTimePct },
  {
    zh: '签收用时中位数(分钟)',
    en: 'Time to acknowledge, median (min)',
    value: (f) => f.requests.ackMinutes.median,
  },
  { zh: '签收用时P90(分钟)', en: 'Time to acknowledge, p90 (min)', value: (f) => f.requests.ackMinutes.p90 },
  { zh: METRICS['assistance.completed'].zh, en: 'Completed', value: (f) => f.requests.completed },
  { zh: METRICS['assistance.declined'].zh, en: 'Declined', value: (f) => f.requests.declined },
  { zh: METRICS['assistance.withdrawn'].zh, en: 'Withdrawn', value: (f) => f.requests.withdrawn },
  { zh: METRICS['notice.issued'].zh, en: 'Notices issued', value: (f) => f.noticesIssued },
  { zh: METRICS['mediation.agreements'].zh, en: 'Agreements reached', value: (f) => f.agreementsReached },
  { zh: METRICS['mediation.followups_done'].zh, en: 'Follow-ups done', value: (f) => f.followUpsDone },
];

export interface FigureLine {
  zh: string;
  en: string;
  value: number | null;
}

export const figureLines = (f: Figures): FigureLine[] =>
  LINES.map((l) => ({ zh: l.zh, en: l.en, value: l.value(f) }));
