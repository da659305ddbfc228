import type { z } from 'zod';
import { formatHlc } from '../../events/hlc.ts';
import type { FoldOutput, RecordEvent } from '../../events/record-type.ts';
import { assistance } from '../../records/assistance/assistance-type.ts';
import { mediation } from '../../records/mediation/mediation-type.ts';
import { termsHash } from '../../records/mediation/terms-hash.ts';
import { residentIdCheckChar } from '../../records/notice/id-number.ts';
import { notice } from '../../records/notice/notice-type.ts';
import type { ChoiceTape } from './choice-tape.ts';

/**
 * Realistic event stories for the fold properties: a record's life as two border nodes write it,
 * mostly steps its fold accepts (so stories go deep into the lifecycle), mixed with noise — steps
 * out of turn, by the wrong side, by a stranger node, with malformed data or an unknown action.
 */

export const ZJ = 'zj-taishun';
export const FJ = 'fj-shouning';
/** A node that is party to no record here. */
export const STRANGER = 'gd-nanao';
const STATION: Record<string, string> = { [ZJ]: 'zj-luoyang', [FJ]: 'fj-xixi', [STRANGER]: 'gd-houzhai' };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2025, 0, 1);

/** What a data builder knows about the story so far. */
export interface StoryContext {
  owner: string;
  partner: string;
  /** The events so far, in the order they were written. */
  events: readonly RecordEvent[];
  /** The data of the record's first (creating) event. */
  created: Record<string, unknown>;
  /** The author time of the event being built. */
  at: Date;
}

type DataBuilder = (t: ChoiceTape, c: StoryContext) => unknown;

/** How to write stories of one record type, from its action table. */
export interface Playbook {
  type: string;
  /** The action that creates a record. */
  creator: string;
  /** The type's action table: which side may take each action, with what data. */
  actions: Record<string, { side: string; data: z.ZodType }>;
  /** The nodes on each side of the table. */
  sides: Record<string, (c: StoryContext) => string[]>;
  /** Valid data for each action of the table. */
  data: Record<string, DataBuilder>;
  /** Actions that end a record early (withdraw, resolve…): a guided step mostly tries them last. */
  endings: readonly string[];
}

const PLACES = ['罗阳镇', '犀溪镇', '泰顺县城', '寿宁县南阳镇', '廊桥景区停车场', 'G15 省界检查站'];
const NAMES = ['李某', '王某某', '陈小明', '张伟', '林芳', 'Zhang Wei'];
const TEXTS = [
  '请协助核查该人员近期行踪',
  'Please verify the vehicle at the border checkpoint',
  '已派员前往现场',
  '监控显示其于当日 21:00 离开',
  'Witness statement attached; details in the case file.',
];
const iso = (ms: number) => new Date(ms).toISOString();
/** `fields` (an object of optional fields) with probability `percent`/100, else no fields. */
const maybe = <T extends object>(t: ChoiceTape, percent: number, fields: () => T): T | object =>
  t.chance(percent) ? fields() : {};

/** A resident ID number with a valid check character (GB 11643). */
function residentId(t: ChoiceTape): string {
  const birth = `${t.int(1940, 2015)}${String(t.int(1, 12)).padStart(2, '0')}${String(t.int(1, 28)).padStart(2, '0')}`;
  const first17 = `${t.pick(['330329', '350924'])}${birth}${String(t.int(0, 999)).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

const person = (t: ChoiceTape) => ({
  name: t.pick(NAMES),
  sex: t.pick(['male', 'female', 'unknown']),
  ...maybe(t, 50, () => ({ approximateAge: t.int(5, 90) })),
  ...maybe(t, 40, () => ({ idNumber: residentId(t) })),
});

export const assistancePlaybook: Playbook = {
  type: 'assistance',
  creator: 'file',
  actions: { file: { side: 'requester', data: assistance.create.data }, ...assistance.actions },
  endings: ['decline', 'withdraw'],
  sides: { requester: (c) => [c.owner], addressed: (c) => [c.partner], either: (c) => [c.owner, c.partner] },
  data: {
    file: (t, c) => ({
      requestingStation: STATION[c.owner],
      addressedStation: STATION[c.partner],
      category: t.pick(['suspect_pursuit', 'vehicle_check', 'person_verification', 'missing_person_search']),
      priority: t.pick(['urgent', 'normal']),
      title: t.pick(TEXTS).slice(0, 40),
      details: t.pick(TEXTS),
      subjects: {
        persons: t.chance(50) ? [person(t)] : [],
        vehicles: t.chance(30) ? [{ plate: '浙C·2K731', colour: '白' }] : [],
      },
      incident: t.chance(50)
        ? { time: iso(c.at.getTime() - t.int(1, 48) * HOUR), place: t.pick(PLACES) }
        : {},
      attachments: [],
      addressedNode: c.partner,
      deadlines: { ackMinutes: t.pick([30, 120, 1440]), completeMinutes: t.pick([1440, 4320, 10080]) },
    }),
    acknowledge: (t) => maybe(t, 50, () => ({ remark: t.pick(TEXTS) })),
    start: (t) => maybe(t, 30, () => ({ remark: t.pick(TEXTS) })),
    request_info: (t) => ({ text: t.pick(TEXTS) }),
    provide_info: (t) => ({ text: t.pick(TEXTS) }),
    complete: (t) => ({
      outcome: t.pick(['located', 'intercepted', 'arrested', 'not_found', 'other']),
      text: t.pick(TEXTS),
      personsLocated: t.int(0, 2),
      suspectsIntercepted: t.int(0, 2),
      caseSolved: t.chance(50),
    }),
    decline: (t) => ({ reason: t.pick(TEXTS) }),
    withdraw: (t) => ({ reason: t.pick(TEXTS) }),
    close: (t) => ({
      ...maybe(t, 60, () => ({ rating: t.int(1, 5) })),
      ...maybe(t, 30, () => ({ remark: 'ok' })),
    }),
  },
};

const noticeKind = (c: StoryContext) => c.created.kind as string;

export const noticePlaybook: Playbook = {
  type: 'notice',
  creator: 'issue',
  actions: { issue: { side: 'owner', data: notice.create.data }, ...notice.actions },
  endings: ['resolve'],
  sides: { owner: (c) => [c.owner], recipient: (c) => [c.partner] },
  data: {
    issue: (t, c) => {
      const kind = t.pick(['missing_person', 'fugitive']);
      return {
        kind,
        issuingStation: STATION[c.owner],
        recipientStations: [STATION[c.partner]],
        recipientNodes: [c.partner],
        reviewDays: t.pick([1, 3, 7, 30, 90]),
        subject: {
          name: t.pick(NAMES),
          aliases: t.chance(20) ? ['阿明'] : [],
          sex: t.pick(['male', 'female', 'unknown']),
          ...maybe(t, 50, () => ({ idNumber: residentId(t) })),
          ...maybe(t, 30, () => ({ description: '身高约170cm，穿深色外套' })),
        },
        lastSeen: { place: t.pick(PLACES), time: iso(c.at.getTime() - t.int(1, 72) * HOUR) },
        contactOfficer: { name: '王警官', ...maybe(t, 50, () => ({ phone: '0577-6735 0110' })) },
        ...(kind === 'missing_person'
          ? {
              missing: {
                circumstances: t.pick(TEXTS),
                vulnerability: t.some(['minor', 'elderly', 'dementia']),
              },
            }
          : {
              fugitive: {
                caseNumber: '泰公刑〔2025〕101号',
                warrantReference: '泰公（刑）捕字〔2025〕7号',
                offence: t.pick(['盗窃', '诈骗', '故意伤害']),
                caution: t.some(['armed', 'violent', 'self_harm_risk']),
                requestedAction: t.pick(['locate', 'detain', 'report_only']),
              },
            }),
      };
    },
    update: (t, c) => {
      const sections: Record<string, () => unknown> = {
        subject: () => ({ description: '右手有疤痕' }),
        lastSeen: () => ({ place: t.pick(PLACES), time: iso(c.at.getTime() - t.int(0, 24) * HOUR) }),
        contactOfficer: () => ({ name: '陈警官' }),
        ...(noticeKind(c) === 'fugitive'
          ? { fugitive: () => ({ offence: '抢劫' }) }
          : { missing: () => ({ vulnerability: ['medical_need'] }) }),
      };
      const chosen = t.some(Object.keys(sections), 1);
      return Object.fromEntries(chosen.map((k) => [k, sections[k]!()]));
    },
    sighting: (t, c) => ({
      time: iso(c.at.getTime() - t.int(0, 48) * HOUR),
      place: t.pick(PLACES),
      detail: t.pick(TEXTS),
    }),
    report: (t, c) => ({
      time: iso(c.at.getTime() - t.int(0, 12) * HOUR),
      place: t.pick(PLACES),
      detail: t.pick(TEXTS),
      kind: noticeKind(c) === 'fugitive' ? t.pick(['located', 'intercepted']) : 'located',
    }),
    confirm: (t, c) => {
      const reports = c.events.filter((e) => e.kind === 'sighting' || e.kind === 'report');
      return {
        reportEventId: reports.length > 0 ? t.pick(reports).id : eventId(t, 999),
        accepted: t.chance(70),
        ...maybe(t, 30, () => ({ remark: t.pick(TEXTS) })),
      };
    },
    resolve: (t, c) => ({
      outcome: t.pick(
        noticeKind(c) === 'fugitive'
          ? ['arrested', 'cancelled']
          : ['found_safe', 'found_deceased', 'cancelled'],
      ),
      ...maybe(t, 40, () => ({ remark: t.pick(TEXTS) })),
    }),
    renew: (t) => maybe(t, 40, () => ({ remark: '仍在查找' })),
  },
};

const party = (t: ChoiceTape) => ({
  name: t.pick(NAMES),
  province: t.pick(['zhejiang', 'fujian']),
  role: t.pick(['claimant', 'respondent', 'other']),
  ...maybe(t, 30, () => ({ contact: '138 0000 0000' })),
});
const mediator = (t: ChoiceTape, c: StoryContext) => ({
  name: t.pick(['老周（五老）', '林调解员', '王警官']),
  kind: t.pick(['officer', 'volunteer']),
  ...maybe(t, 60, () => ({ node: t.pick([c.owner, c.partner]) })),
});

export const mediationPlaybook: Playbook = {
  type: 'mediation',
  creator: 'open',
  actions: { open: { side: 'opener', data: mediation.create.data }, ...mediation.actions },
  endings: ['record_outcome'],
  sides: { opener: (c) => [c.owner], either: (c) => [c.owner, c.partner] },
  data: {
    open: (t, c) => ({
      openingStation: STATION[c.owner],
      partnerStation: STATION[c.partner],
      disputeType: t.pick(['neighbourhood', 'land_boundary', 'family', 'commercial', 'traffic']),
      summary: t.pick(TEXTS),
      mechanism: t.pick([
        { kind: 'joint' },
        { kind: 'on_the_spot' },
        { kind: 'professional', organisation: '泰顺县人民调解委员会' },
      ]),
      parties: t.chance(60) ? [party(t), party(t)] : [],
      mediators: t.chance(50) ? [mediator(t, c)] : [],
      partnerNode: c.partner,
    }),
    add_party: (t) => party(t),
    add_mediator: (t, c) => mediator(t, c),
    record_session: (t, c) => ({
      at: iso(c.at.getTime() - t.int(0, 48) * HOUR),
      place: t.pick(PLACES),
      attendees: t.some(NAMES),
      ...maybe(t, 40, () => ({ notes: t.pick(TEXTS) })),
    }),
    propose_agreement: (t) => {
      const terms = `${t.pick(['双方以界碑为准', '赔偿 2000 元', 'Fence moved 1 m east'])} (${t.int(1, 3)})`;
      return { terms, termsHash: termsHash(terms) };
    },
    sign_agreement: (t, c) => {
      const proposals = c.events.filter((e) => e.kind === 'propose_agreement');
      const latest = proposals.at(-1);
      const chosen = latest && t.chance(80) ? latest : proposals.length > 0 ? t.pick(proposals) : undefined;
      return {
        termsHash: (chosen?.data as { termsHash?: string } | undefined)?.termsHash ?? termsHash('none'),
      };
    },
    record_outcome: (t) => {
      const result = t.pick(['agreement', 'agreement', 'partial', 'failed', 'referred']);
      return {
        result,
        ...(result === 'referred'
          ? { referredTo: t.pick(['court', 'judicial_office', 'other_department']) }
          : {}),
        ...maybe(t, 30, () => ({ note: t.pick(TEXTS) })),
        followUpDays: t.pick([7, 30, 90]),
      };
    },
    record_follow_up: (t, c) => ({
      result: t.pick(['resolved', 'ongoing', 'unresolved']),
      ...maybe(t, 40, () => ({ visitedAt: iso(c.at.getTime() - t.int(0, 6) * HOUR) })),
      ...maybe(t, 30, () => ({ note: t.pick(TEXTS) })),
    }),
  },
};

export const playbooks: readonly Playbook[] = [assistancePlaybook, noticePlaybook, mediationPlaybook];

/** A UUID (v7-shaped) whose first part comes from the tape and whose last part is `n`: unique per story. */
function eventId(t: ChoiceTape, n: number): string {
  const head = (t.below(0x10000) * 0x10000 + t.below(0x10000)).toString(16).padStart(8, '0');
  return `${head}-0000-7000-8000-${String(n).padStart(12, '0')}`;
}

/** Data no action accepts. */
const MALFORMED: readonly unknown[] = [null, 42, 'text', [], { unexpected: true }];

type Fold = (events: readonly RecordEvent[]) => FoldOutput<unknown>;

/** Writes events with increasing author times; now and then two nodes stamp the same instant. */
class StoryWriter {
  readonly events: RecordEvent[] = [];
  readonly #t: ChoiceTape;
  #physical: number;
  #logical = 0;

  constructor(t: ChoiceTape) {
    this.#t = t;
    this.#physical = T0 + t.int(0, 365) * DAY;
  }

  /** The next stamp: mostly later, sometimes the same physical time (logical +1). */
  advance(): void {
    const gap = this.#t.pick([0, 1_000, MINUTE, 30 * MINUTE, HOUR, 6 * HOUR, DAY, 3 * DAY, 10 * DAY]);
    if (gap === 0) this.#logical += 1;
    else {
      this.#physical += gap;
      this.#logical = 0;
    }
  }

  get at(): Date {
    return new Date(this.#physical);
  }

  /** An event at the current stamp; `n` (by default the story's next position) makes its id unique. */
  event(author: string, kind: string, data: unknown, n = this.events.length + 1): RecordEvent {
    const t = this.#t;
    return {
      id: eventId(t, n),
      author,
      hlc: formatHlc(this.#physical, this.#logical),
      at: new Date(this.#physical),
      kind,
      actor: { officer: `${author.slice(0, 2)}.duty`, station: STATION[author] ?? null, roles: ['duty'] },
      data,
    };
  }
}

/**
 * A record's story: its creating event, then up to `maxSteps` steps. Four steps in five are
 * guided — the first action (in tape order) whose event the fold accepts after the story so far,
 * written by a node of the right side with valid data — so stories reach deep states; the rest is
 * noise that the fold may or may not accept. Ids of candidates not taken are never reused.
 */
export function writeStory(book: Playbook, fold: Fold, t: ChoiceTape, maxSteps = 20): RecordEvent[] {
  const owner = t.pick([ZJ, FJ]);
  const partner = owner === ZJ ? FJ : ZJ;
  const w = new StoryWriter(t);
  const ctx = (): StoryContext => ({ owner, partner, events: w.events, created: {}, at: w.at });
  const first = book.data[book.creator]!(t, ctx()) as Record<string, unknown>;
  w.events.push(w.event(owner, book.creator, first));
  const context = (): StoryContext => ({ ...ctx(), created: first });
  const steps = t.int(0, maxSteps);
  let candidateIds = 10_000;
  const kinds = Object.keys(book.actions).filter((k) => k !== book.creator);
  for (let i = 0; i < steps; i++) {
    w.advance();
    let written: RecordEvent | undefined;
    if (t.chance(80)) {
      // One fold judges every candidate, each appended after the story: the first one it accepts
      // was judged exactly, as only rejected ones (which change nothing) came before it.
      const shuffled = t.shuffle(kinds);
      const order = t.chance(75)
        ? [...shuffled.filter((k) => !book.endings.includes(k)), ...book.endings]
        : shuffled;
      const candidates = order.map((kind) => {
        const nodes = book.sides[book.actions[kind]!.side]!(context());
        return w.event(t.pick(nodes), kind, book.data[kind]!(t, context()), candidateIds++);
      });
      const { rejected } = fold([...w.events, ...candidates]);
      written = candidates.find((e) => !rejected[e.id]);
    }
    w.events.push(written ?? noise(book, t, w, context()));
  }
  return w.events;
}

/** An event that may break any rule: any action, any node, data valid or not, or an unknown action. */
function noise(book: Playbook, t: ChoiceTape, w: StoryWriter, c: StoryContext): RecordEvent {
  const author = t.pick([c.owner, c.partner, STRANGER]);
  if (t.chance(5)) return w.event(author, 'shred', {});
  const kind = t.pick(Object.keys(book.actions));
  const data = t.chance(75) ? book.data[kind]!(t, c) : t.pick(MALFORMED);
  return w.event(author, kind, data);
}

/**
 * Events no fold may accept, at random places in the story: a step by a node that is party to
 * nothing, an action no table has, or data that is not even an object. `ids` start at 1,000 so they
 * never clash with the story's.
 */
export function breakRules(book: Playbook, t: ChoiceTape, story: readonly RecordEvent[], count: number) {
  const kinds = Object.keys(book.actions);
  const c: StoryContext = {
    owner: story[0]!.author,
    partner: story[0]!.author === ZJ ? FJ : ZJ,
    events: story,
    created: story[0]!.data as Record<string, unknown>,
    at: story[0]!.at,
  };
  const first = story[0]!.at.getTime();
  const last = story.at(-1)!.at.getTime();
  return Array.from({ length: count }, (_, i): RecordEvent => {
    const physical = first + Math.round(((last - first) * t.below(1001)) / 1000);
    const variant = t.below(3);
    const kind =
      variant === 0
        ? t.pick(kinds.filter((k) => k !== book.creator))
        : variant === 1
          ? t.pick(['shred', 'delete', '__proto__', 'FILE'])
          : t.pick(kinds);
    const author = variant === 0 ? STRANGER : t.pick([c.owner, c.partner, STRANGER]);
    const data =
      variant === 2
        ? t.pick(MALFORMED.slice(0, 4))
        : book.data[t.pick(kinds)]!(t, { ...c, at: new Date(physical) });
    return {
      id: eventId(t, 1000 + i),
      author,
      hlc: formatHlc(physical, t.below(3)),
      at: new Date(physical),
      kind,
      actor: { officer: null, station: STATION[author] ?? null, roles: [] },
      data,
    };
  });
}
