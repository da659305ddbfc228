import type { Figures } from './summary.ts';

/**
 * The figures as people read them, labelled in both languages, the four the stations publish first.
 * The CSV export and every client print these, so a label is written once.
 */
const LINES: { zh: string; en: string; value: (f: Figures) => number | null }[] = [
  { zh: '调处矛盾纠纷', en: 'Disputes mediated', value: (f) => f.disputesMediated },
  { zh: '协查失踪人员', en: 'Missing persons traced', value: (f) => f.missingTraced },
  { zh: '拦截在逃人员', en: 'Fugitives intercepted', value: (f) => f.fugitivesIntercepted },
  { zh: '破获案件', en: 'Cases solved', value: (f) => f.casesSolved },
  { zh: '协查请求数', en: 'Assistance requests', value: (f) => f.requests.filed },
  { zh: '已签收', en: 'Acknowledged', value: (f) => f.requests.acknowledged },
  { zh: '按时签收', en: 'Acknowledged in time', value: (f) => f.requests.ackInTime },
  { zh: '按时签收率(%)', en: 'Acknowledged in time (%)', value: (f) => f.requests.ackInTimePct },
  {
    zh: '签收用时中位数(分钟)',
    en: 'Time to acknowledge, median (min)',
    value: (f) => f.requests.ackMinutes.median,
  },
  { zh: '签收用时P90(分钟)', en: 'Time to acknowledge, p90 (min)', value: (f) => f.requests.ackMinutes.p90 },
  { zh: '已办结', en: 'Completed', value: (f) => f.requests.completed },
  { zh: '已拒绝', en: 'Declined', value: (f) => f.requests.declined },
  { zh: '已撤回', en: 'Withdrawn', value: (f) => f.requests.withdrawn },
  { zh: '发布通报', en: 'Notices issued', value: (f) => f.noticesIssued },
  { zh: '达成协议', en: 'Agreements reached', value: (f) => f.agreementsReached },
  { zh: '回访完成', en: 'Follow-ups done', value: (f) => f.followUpsDone },
];

export interface FigureLine {
  zh: string;
  en: string;
  value: number | null;
}

export const figureLines = (f: Figures): FigureLine[] =>
  LINES.map((l) => ({ zh: l.zh, en: l.en, value: l.value(f) }));
