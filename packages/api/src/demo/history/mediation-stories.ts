import type { DemoSide } from '../demo-topology.ts';
import { type Act, type Input, type Story, story } from './story.ts';

const STATION: Record<DemoSide, string> = { zj: 'zj-luoyang', fj: 'fj-xixi' };
const PROVINCE: Record<DemoSide, string> = { zj: 'zhejiang', fj: 'fujian' };
const other = (side: DemoSide): DemoSide => (side === 'zj' ? 'fj' : 'zj');
const DAY = 1440;

const DISPUTES = [
  ['land_boundary', '两省交界处山林权属纠纷'],
  ['neighbourhood', '跨省邻里排水纠纷'],
  ['traffic', '省界道路交通事故赔偿纠纷'],
  ['labour', '外省务工人员工资纠纷'],
  ['family', '跨省婚姻家庭纠纷'],
  ['commercial', '茶叶收购货款纠纷'],
  ['other', '廊桥旅游摊位纠纷'],
] as const;

/** Each side signs the terms in force, as read from its own copy of the record. */
const signTerms: Act = async (c, id) => {
  const { agreement } = (await c.mediation.get({ id })).state;
  if (!agreement) throw new Error(`mediation ${id} has no terms to sign`);
  return c.mediation.signAgreement({ id, termsHash: agreement.termsHash });
};

type Result = 'agreement' | 'partial' | 'failed' | 'referred';

/** 29 mediations concluded in 2025: 21 agreements, 3 partial, 3 referred, 2 failed; and 2 still open. */
const RESULTS: Result[] = [
  ...Array<Result>(21).fill('agreement'),
  'partial',
  'partial',
  'partial',
  'referred',
  'referred',
  'referred',
  'failed',
  'failed',
];

function mediation(i: number, result: Result | null): Story {
  const side: DemoSide = i % 2 === 0 ? 'zj' : 'fj';
  const partner = other(side);
  const [disputeType, summary] = DISPUTES[i % DISPUTES.length]!;
  const start = new Date(Date.UTC(2025, 0, 4 + i * 11, 1, 30)).toISOString();
  const mechanism: Input['mediation']['open']['mechanism'] =
    i % 5 === 0
      ? { kind: 'on_the_spot' }
      : i % 7 === 0
        ? { kind: 'professional', organisation: '泰顺县人民调解委员会' }
        : { kind: 'joint' };
  const terms = `${summary}调解协议：双方自愿达成协议，按约定履行，互不追究（第${i + 1}号）`;
  const cosign = result === 'agreement' || (result === 'partial' && i % 2 === 0);
  const steps: Parameters<typeof story>[2] = [
    [
      0,
      side,
      `${side}.officer`,
      (c) =>
        c.mediation.open({
          openingStation: STATION[side],
          partnerStation: STATION[partner],
          disputeType,
          summary,
          mechanism,
          parties: [
            { name: `当事人甲${i + 1}`, province: PROVINCE.zj, role: 'claimant' },
            { name: `当事人乙${i + 1}`, province: PROVINCE.fj, role: 'respondent' },
          ],
          mediators: [{ name: '五老调解员', kind: 'volunteer', note: '老党员、老干部' }],
        }),
    ],
    [
      60,
      partner,
      `${partner}.officer`,
      (c, id) =>
        c.mediation.addMediator({
          id,
          name: `${partner}.officer`,
          kind: 'officer',
          node: partner === 'zj' ? 'zj-taishun' : 'fj-shouning',
        }),
    ],
    [
      2 * DAY,
      side,
      `${side}.officer`,
      (c, id) =>
        c.mediation.recordSession({
          id,
          at: new Date(Date.parse(start) + 2 * DAY * 60_000).toISOString(),
          place: '铁盟警务联络站',
          attendees: ['双方当事人', '两地民警', '五老调解员'],
        }),
    ],
  ];
  if (result) {
    if (cosign) {
      steps.push([
        2 * DAY + 60,
        side,
        `${side}.officer`,
        (c, id) => c.mediation.proposeAgreement({ id, terms }),
      ]);
      steps.push([2 * DAY + 90, side, `${side}.duty`, signTerms]);
      steps.push([2 * DAY + 120, partner, `${partner}.duty`, signTerms]);
    }
    steps.push([
      2 * DAY + 180,
      side,
      `${side}.officer`,
      (c, id) =>
        c.mediation.recordOutcome({
          id,
          result,
          ...(result === 'referred' ? { referredTo: 'judicial_office' } : {}),
        }),
    ]);
    // Follow-up visits (双向闭环) by the partner side, except one, still due.
    if (result !== 'failed' && i !== 20)
      steps.push([
        20 * DAY,
        partner,
        `${partner}.officer`,
        (c, id) => c.mediation.recordFollowUp({ id, result: 'resolved', note: '回访当事人，协议履行良好' }),
      ]);
  }
  return story(`mediation-${i + 1}`, start, steps);
}

/** The year's joint mediations (联合调解): contributes 29 disputes mediated. */
export const mediationStories: Story[] = [
  ...RESULTS.map((r, i) => mediation(i, r)),
  mediation(29, null),
  mediation(30, null),
];
