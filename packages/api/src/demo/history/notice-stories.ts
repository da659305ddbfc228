import type { DemoSide } from '../demo-topology.ts';
import { type Create, type Input, type Plan, type Story, story } from './story.ts';

const STATION: Record<DemoSide, string> = { zj: 'zj-luoyang', fj: 'fj-xixi' };
const other = (side: DemoSide): DemoSide => (side === 'zj' ? 'fj' : 'zj');
const DAY = 1440;

/** Omit from each member of a union (a notice is one of two kinds). */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A notice as a story describes it; `issue` adds the stations and the contact officer. */
type NoticeInput = OmitEach<
  Input['notice']['issue'],
  'issuingStation' | 'recipientStations' | 'contactOfficer'
>;

function issue(side: DemoSide, notice: NoticeInput): Plan<Create> {
  return [
    0,
    side,
    `${side}.duty`,
    (c) =>
      c.notice.issue({
        issuingStation: STATION[side],
        recipientStations: [STATION[other(side)]],
        contactOfficer: { name: `${side}.duty`, phone: '110' },
        ...notice,
      }),
  ];
}

const resolve = (m: number, side: DemoSide, outcome: Input['notice']['resolve']['outcome']): Plan => [
  m,
  side,
  `${side}.duty`,
  (c, id) => c.notice.resolve({ id, outcome, remark: '通报撤销' }),
];

/** The owner confirms the latest report of `kind` that the partner sent. */
const confirmLatest = (m: number, side: DemoSide, kind: string): Plan => [
  m,
  side,
  `${side}.duty`,
  async (c, id) => {
    const { state } = await c.notice.get({ id });
    const report = state.reports.filter((r) => r.type === kind).at(-1);
    if (!report) throw new Error(`notice ${id} has no ${kind} report to confirm`);
    return c.notice.confirm({ id, reportEventId: report.eventId, accepted: true });
  },
];

function missing(
  name: string,
  start: string,
  side: DemoSide,
  who: string,
  found: 'found_safe' | 'found_deceased',
): Story {
  const partner = other(side);
  return story(name, start, [
    issue(side, {
      kind: 'missing_person',
      subject: { name: who, sex: 'unknown', description: '身高约160厘米，衣着朴素' },
      lastSeen: { place: '两省交界公路', time: start },
      missing: { circumstances: '外出后未归，家属报警', vulnerability: ['elderly'] },
    }),
    [
      2 * DAY,
      partner,
      `${partner}.officer`,
      (c, id) =>
        c.notice.reportLocated({
          id,
          kind: 'located',
          time: start,
          place: '对方辖区村庄',
          detail: '群众提供线索，已找到本人',
        }),
    ],
    confirmLatest(2 * DAY + 30, side, 'located'),
    resolve(2 * DAY + 60, side, found),
  ]);
}

/**
 * Notices of 2025: four missing persons found through the partner (4 traced), one fugitive
 * intercepted by the partner and arrested (1 intercepted), one fugitive arrested at home (not
 * counted as an interception), one missing-person notice cancelled, one fugitive notice still active.
 */
export const noticeStories: Story[] = [
  missing('missing-notice-feb', '2025-02-03T08:00:00+08:00', 'zj', '王某某', 'found_safe'),
  missing('missing-notice-apr', '2025-04-21T17:00:00+08:00', 'fj', '陈某', 'found_safe'),
  missing('missing-notice-jul', '2025-07-30T06:30:00+08:00', 'zj', '刘某某', 'found_deceased'),
  missing('missing-notice-oct', '2025-10-18T20:00:00+08:00', 'fj', '林某', 'found_safe'),
  story('fugitive-intercepted', '2025-05-19T09:00:00+08:00', [
    issue('fj', {
      kind: 'fugitive',
      subject: { name: '吴某', sex: 'male', description: '左臂有纹身' },
      lastSeen: { place: '寿宁县犀溪镇', time: '2025-05-18T22:00:00+08:00' },
      fugitive: {
        caseNumber: '寿公(刑)立字[2025]118号',
        warrantReference: '寿公(刑)逮捕字[2025]31号',
        offence: '盗窃',
        caution: ['violent'],
        requestedAction: 'detain',
      },
    }),
    [
      3 * DAY,
      'zj',
      'zj.officer',
      (c, id) =>
        c.notice.reportSighting({
          id,
          time: '2025-05-22T07:00:00+08:00',
          place: '罗阳镇汽车站',
          detail: '监控发现疑似本人',
        }),
    ],
    [
      4 * DAY,
      'zj',
      'zj.duty',
      (c, id) =>
        c.notice.reportLocated({
          id,
          kind: 'intercepted',
          time: '2025-05-23T09:30:00+08:00',
          place: 'S205省界卡口',
          detail: '在卡口将其拦截，已控制',
        }),
    ],
    confirmLatest(4 * DAY + 20, 'fj', 'intercepted'),
    resolve(4 * DAY + 60, 'fj', 'arrested'),
  ]),
  story('fugitive-arrested-home', '2025-08-11T10:00:00+08:00', [
    issue('zj', {
      kind: 'fugitive',
      subject: { name: '郑某', sex: 'male' },
      lastSeen: { place: '泰顺县罗阳镇', time: '2025-08-10T18:00:00+08:00' },
      fugitive: {
        caseNumber: '泰公(刑)立字[2025]205号',
        warrantReference: '泰公(刑)拘字[2025]77号',
        offence: '诈骗',
        requestedAction: 'locate',
      },
    }),
    resolve(6 * DAY, 'zj', 'arrested'),
  ]),
  story('missing-cancelled', '2025-09-02T12:00:00+08:00', [
    issue('fj', {
      kind: 'missing_person',
      subject: { name: '黄某', sex: 'female' },
      lastSeen: { place: '犀溪镇', time: '2025-09-02T08:00:00+08:00' },
      missing: { circumstances: '与家人联系中断', vulnerability: [] },
    }),
    resolve(300, 'fj', 'cancelled'),
  ]),
  story('fugitive-active', '2025-12-15T15:00:00+08:00', [
    issue('zj', {
      kind: 'fugitive',
      subject: { name: '周某', sex: 'male' },
      lastSeen: { place: '泰顺县', time: '2025-12-14T20:00:00+08:00' },
      fugitive: {
        caseNumber: '泰公(刑)立字[2025]311号',
        warrantReference: '泰公(刑)逮捕字[2025]90号',
        offence: '故意伤害',
        caution: ['armed'],
        requestedAction: 'detain',
      },
    }),
  ]),
];
