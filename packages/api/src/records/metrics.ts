import type { StatFact } from '../events/index.ts';
/**
 * Every statistic Tiemeng reports, defined once: the fact each record type emits (see
 * `RecordType.facts`) and how the summary names it. Figures are sums of fact values in the period,
 * by the author's event time, so both nodes of a pair answer the same.
 */
export const METRICS = {
  'assistance.filed': {
    zh: '协查请求数',
    en: 'Assistance requests filed',
    definition: 'One per request, at filing; direction = requesting node → addressed node.',
  },
  'assistance.acknowledged': {
    zh: '已签收',
    en: 'Requests acknowledged',
    definition: 'One per acknowledged request, at acknowledgement; value = minutes from filing.',
  },
  'assistance.ack_in_time': {
    zh: '按时签收',
    en: 'Acknowledged within the agreed deadline',
    definition: 'One per request acknowledged no later than its signed acknowledgement due time.',
  },
  'assistance.completed': {
    zh: '已办结',
    en: 'Requests completed',
    definition: 'One per request, at completion.',
  },
  'assistance.declined': {
    zh: '已拒绝',
    en: 'Requests declined',
    definition: 'One per request, at decline.',
  },
  'assistance.withdrawn': {
    zh: '已撤回',
    en: 'Requests withdrawn',
    definition: 'One per request, at withdrawal.',
  },
  'cases.solved': {
    zh: '破获案件',
    en: 'Cases solved',
    definition: 'Completed assistance requests whose completion says the case was solved, at completion.',
  },
  'missing.traced': {
    zh: '协查失踪人员',
    en: 'Missing persons traced',
    definition:
      'Persons located in completed missing-person-search requests (at completion), plus missing-person notices resolved found (safe or deceased), at resolution.',
  },
  'fugitives.intercepted': {
    zh: '拦截在逃人员',
    en: 'Fugitives intercepted',
    definition:
      "Fugitive notices resolved arrested after a partner's confirmed interception report (at resolution), plus suspects intercepted in completed suspect-pursuit requests (at completion).",
  },
  'notice.issued': {
    zh: '发布通报',
    en: 'Notices issued',
    definition: 'One per notice, at issue; category = missing_person or fugitive.',
  },
  'disputes.mediated': {
    zh: '调处矛盾纠纷',
    en: 'Disputes mediated',
    definition: 'Joint mediation records with a recorded outcome, at the outcome; category = dispute type.',
  },
  'mediation.agreements': {
    zh: '达成协议',
    en: 'Agreements reached',
    definition: 'Mediation agreements co-signed by both nodes (same terms hash), at the second signature.',
  },
  'mediation.followups_done': {
    zh: '回访完成',
    en: 'Follow-up visits done',
    definition: 'One per follow-up visit recorded done, at the visit.',
  },
} as const;

export type MetricName = keyof typeof METRICS;

/** A fact a record type yields: one of the metrics above. */
export type RecordFact = StatFact & { metric: MetricName };
