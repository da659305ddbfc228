import { FIELD_STAFF, READERS } from '../../auth/roles.ts';
import { type Applying, defineRecordType } from '../define-record-type.ts';
import { plusDays } from '../event-data.ts';
import { withOfficerInput } from '../officer-input.ts';
import {
  type FollowUp,
  followUpSchema,
  mediatorSchema,
  type OpenEvent,
  type OutcomeEvent,
  openEventSchema,
  outcomeEventSchema,
  outcomeInputSchema,
  partySchema,
  proposeEventSchema,
  proposeInputSchema,
  type Session,
  sessionSchema,
  signSchema,
} from './mediation-data.ts';
import { mediationFacts } from './mediation-facts.ts';
import { termsHash } from './terms-hash.ts';

export const MEDIATION = 'mediation';

/**
 * `open → agreement_proposed → agreed` while the mediation runs (a new proposal goes back to
 * `agreement_proposed`), then `concluded` by the outcome and `followed_up` by the visit.
 */
export const MEDIATION_STATUSES = [
  'open',
  'agreement_proposed',
  'agreed',
  'concluded',
  'followed_up',
] as const;
export type MediationStatus = (typeof MEDIATION_STATUSES)[number];

/** While the mediation runs: parties, mediators, sessions and terms may still change. */
export const RUNNING_STATUSES: readonly MediationStatus[] = ['open', 'agreement_proposed', 'agreed'];

/** Outcomes that leave something to check on later (双向闭环); a failed mediation has no follow-up. */
export const FOLLOWED_UP_RESULTS: readonly string[] = ['agreement', 'partial', 'referred'];

/** Who did something, as signed in the event: node, officer and station, at the author's time. */
export interface SignedBy {
  node: string;
  officer: string | null;
  station: string | null;
  at: string;
}

/** The terms in force: the latest proposal and the nodes that signed exactly its hash. */
export interface AgreementState {
  terms: string;
  termsHash: string;
  proposedBy: SignedBy;
  signatures: SignedBy[];
  /** The completing (second) signature's time; null until both nodes have signed. */
  agreedAt: string | null;
}

export interface MediationState extends OpenEvent {
  openingNode: string;
  openedBy: SignedBy;
  sessions: (Session & { recordedBy: SignedBy })[];
  agreement: AgreementState | null;
  /** How many proposals were made; each supersedes the previous one. */
  proposals: number;
  outcome: (OutcomeEvent & { recordedBy: SignedBy; termsHash: string | null }) | null;
  concludedAt: string | null;
  /** Outcome time + the signed follow-up period, for outcomes that need a visit (双向闭环). */
  followUpDueAt: string | null;
  followUp: (FollowUp & { recordedBy: SignedBy }) | null;
  followedUpAt: string | null;
}

/** The event's author as the record keeps them. */
const signedBy = ({ event: e, at }: Applying<MediationState>): SignedBy => ({
  node: e.author,
  officer: e.actor.officer,
  station: e.actor.station,
  at,
});

/** A mediator must serve one of the two co-mediating nodes, when a node is named at all. */
const strayMediator = (mediators: readonly { name: string; node?: string }[], nodes: readonly string[]) => {
  const stray = mediators.find((m) => m.node !== undefined && !nodes.includes(m.node));
  return stray && `mediator ${stray.name} serves neither side of the mediation`;
};

const noTerms = (status: string) => `there are no terms to sign; the mediation is ${status}`;

/**
 * Joint mediations (联合调解): the opening node and its partner co-mediate — either side adds
 * parties, mediators and sessions, proposes terms, signs them, records the outcome and the
 * follow-up visit. Terms are agreed when both nodes have signed exactly the same hash.
 */
export const mediation = defineRecordType({
  type: MEDIATION,
  noun: 'mediation',
  statuses: MEDIATION_STATUSES,
  statusLabels: {
    open: { zh: '调处中', en: 'Open' },
    agreement_proposed: { zh: '协议待签', en: 'Agreement proposed' },
    agreed: { zh: '已达成协议', en: 'Agreed' },
    concluded: { zh: '已结案', en: 'Concluded' },
    followed_up: { zh: '已回访', en: 'Followed up' },
  },
  sideFields: ['openingNode', 'partnerNode', 'openingStation', 'partnerStation'],
  sides: {
    either: {
      holds: (s, node) => node === s.openingNode || node === s.partnerNode,
      refusal: 'only the two co-mediating sides may do this',
      name: 'two co-mediating sides',
    },
  },
  stationsOf: (s, node) => [node === s.openingNode ? s.openingStation : s.partnerStation],
  missing: 'the mediation does not exist',
  refuseFrom: (status, _s, action) => `cannot ${action.human} a mediation that is ${status}`,

  create: {
    action: 'open',
    procedure: 'open',
    roles: FIELD_STAFF,
    labels: { zh: '发起调解', en: 'Open' },
    data: openEventSchema,
    exists: 'the mediation is already open',
    apply(opening, e) {
      const { author } = e.event;
      if (opening.partnerNode === author) return 'the co-mediator must be a partner node';
      const nodes = [author, opening.partnerNode];
      const stray = strayMediator(opening.mediators, nodes);
      if (stray) return stray;
      const state: MediationState = {
        ...opening,
        openingNode: author,
        openedBy: signedBy(e),
        sessions: [],
        agreement: null,
        proposals: 0,
        outcome: null,
        concludedAt: null,
        followUpDueAt: null,
        followUp: null,
        followedUpAt: null,
      };
      return { parties: nodes, status: 'open', state };
    },
  },

  actions: {
    add_party: {
      side: 'either',
      from: RUNNING_STATUSES,
      data: partySchema,
      roles: FIELD_STAFF,
      human: 'add a party to',
      labels: { zh: '增加当事人', en: 'Add a party' },
      apply(s, party) {
        s.parties.push(party);
        return undefined;
      },
    },
    add_mediator: {
      side: 'either',
      from: RUNNING_STATUSES,
      data: mediatorSchema,
      roles: FIELD_STAFF,
      human: 'add a mediator to',
      labels: { zh: '增加调解员', en: 'Add a mediator' },
      apply(s, mediator, { out }) {
        const stray = strayMediator([mediator], out.parties);
        if (stray) return stray;
        s.mediators.push(mediator);
        return undefined;
      },
    },
    record_session: {
      side: 'either',
      from: RUNNING_STATUSES,
      data: sessionSchema,
      roles: FIELD_STAFF,
      human: 'record a session of',
      labels: { zh: '记录调解会', en: 'Record a session' },
      apply(s, session, e) {
        s.sessions.push({ ...session, recordedBy: signedBy(e) });
        return undefined;
      },
    },
    propose_agreement: {
      side: 'either',
      from: RUNNING_STATUSES,
      to: 'agreement_proposed',
      // The officer gives the terms; the node adds the hash both nodes will sign (re-checked below).
      data: withOfficerInput(proposeEventSchema, {
        schema: proposeInputSchema,
        toData: ({ terms }) => ({ terms, termsHash: termsHash(terms) }),
      }),
      roles: FIELD_STAFF,
      human: 'propose terms for',
      labels: { zh: '提出协议', en: 'Propose terms' },
      apply(s, proposal, e) {
        if (termsHash(proposal.terms) !== proposal.termsHash)
          return 'the terms hash does not match the terms';
        // Proposing is not signing: each node signs explicitly, the proposer too. A new proposal
        // supersedes the terms in force, signed or not, so every node signs again.
        s.agreement = { ...proposal, proposedBy: signedBy(e), signatures: [], agreedAt: null };
        s.proposals += 1;
        return undefined;
      },
    },
    sign_agreement: {
      side: 'either',
      from: RUNNING_STATUSES,
      when: (s) => s.agreement !== null,
      refuse: noTerms,
      // Agreed once both nodes have signed the terms in force; until then the status stays.
      to: (s) => (s.agreement?.agreedAt ? 'agreed' : undefined),
      data: signSchema,
      roles: FIELD_STAFF,
      human: 'sign the terms of',
      labels: { zh: '签署协议', en: 'Sign the terms' },
      apply(s, { termsHash: signed }, e) {
        const a = s.agreement;
        // `when` has checked this; the guard tells the type.
        if (!a) return noTerms(e.out.status);
        if (signed !== a.termsHash)
          return 'the signed terms are not the terms in force (superseded or never proposed)';
        if (a.signatures.some((sig) => sig.node === e.event.author))
          return 'this side has already signed these terms';
        const by = signedBy(e);
        a.signatures.push(by);
        if (e.out.parties.every((node) => a.signatures.some((sig) => sig.node === node))) a.agreedAt = by.at;
        return undefined;
      },
    },
    record_outcome: {
      side: 'either',
      from: RUNNING_STATUSES,
      to: 'concluded',
      // The outcome carries the follow-up period in force, signed, so both nodes derive the same due date.
      data: withOfficerInput(outcomeEventSchema, {
        schema: outcomeInputSchema,
        toData: (outcome, { agreement }) => ({ ...outcome, followUpDays: agreement.followUpDays }),
      }),
      roles: FIELD_STAFF,
      human: 'record the outcome of',
      labels: { zh: '记录结果', en: 'Record the outcome' },
      apply(s, outcome, e) {
        const agreed = s.agreement?.agreedAt ? s.agreement : null;
        if (outcome.result === 'agreement' && !agreed)
          return 'an agreement outcome needs terms co-signed by both sides';
        const { at } = e;
        s.outcome = { ...outcome, recordedBy: signedBy(e), termsHash: agreed?.termsHash ?? null };
        s.concludedAt = at;
        s.followUpDueAt = FOLLOWED_UP_RESULTS.includes(outcome.result)
          ? plusDays(at, outcome.followUpDays)
          : null;
        return undefined;
      },
    },
    record_follow_up: {
      side: 'either',
      from: ['concluded'],
      refuse: (status) => `cannot record a follow-up of a mediation that is ${status}`,
      to: 'followed_up',
      data: followUpSchema,
      roles: FIELD_STAFF,
      human: 'record the follow-up of',
      labels: { zh: '记录回访', en: 'Record the follow-up' },
      apply(s, followUp, e) {
        if (!s.followUpDueAt || !s.concludedAt) return 'this outcome has no follow-up visit';
        const recorded = e.event.at.getTime();
        const visited = followUp.visitedAt ? Date.parse(followUp.visitedAt) : recorded;
        if (visited < Date.parse(s.concludedAt)) return 'the visit cannot precede the outcome';
        if (visited > recorded) return 'the visit cannot be later than its recording';
        s.followUp = { ...followUp, recordedBy: signedBy(e) };
        s.followedUpAt = new Date(visited).toISOString();
        return undefined;
      },
    },
  },

  procedures: {
    addParty: 'add_party',
    addMediator: 'add_mediator',
    recordSession: 'record_session',
    proposeAgreement: 'propose_agreement',
    signAgreement: 'sign_agreement',
    recordOutcome: 'record_outcome',
    recordFollowUp: 'record_follow_up',
  },
  reads: { get: READERS, list: READERS },
  facts: mediationFacts,
  concernsStation: (s, station) => s.openingStation === station || s.partnerStation === station,
  // No names, contacts or summary: the feed shows what kind of case moved, not who is in it.
  headline: (state) => ({
    disputeType: state?.disputeType,
    mechanism: state?.mechanism.kind,
    result: state?.outcome?.result ?? null,
    openingStation: state?.openingStation,
    partnerStation: state?.partnerStation,
  }),
});

export type MediationAction = keyof typeof mediation.actions;

/** Folds a joint mediation's events into its state (pure: both nodes agree on every event). */
export const foldMediation = mediation.fold;
export const mediationRecordType = mediation.recordType;
