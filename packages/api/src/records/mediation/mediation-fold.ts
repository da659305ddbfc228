import type { FoldOutput, RecordEvent, RecordType } from '../../events/index.ts';
import { plusDays } from '../event-data.ts';
import { foldByRules } from '../fold-by-rules.ts';
import {
  FOLLOWED_UP_RESULTS,
  type MediationAction,
  type MediationStatus,
  mediationActions,
  RUNNING_STATUSES,
} from './mediation-actions.ts';
import type { FollowUp, Mediator, OpenEvent, OutcomeEvent, Party, Session } from './mediation-data.ts';
import { mediationFacts } from './mediation-facts.ts';
import { termsHash } from './terms-hash.ts';

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

/**
 * Folds a joint mediation's events into its state. Pure and deterministic: both nodes run it on
 * the same events in the same order, so they agree on status, signatures, due dates and rejections.
 */
export function foldMediation(events: readonly RecordEvent[]): FoldOutput<MediationState | null> {
  return foldByRules(events, mediationActions, applyEvent);
}

/** Applies one event; returns why it is rejected, or undefined when it takes effect. */
function applyEvent(
  out: FoldOutput<MediationState | null>,
  e: RecordEvent,
  kind: MediationAction,
  data: unknown,
): string | undefined {
  const by: SignedBy = {
    node: e.author,
    officer: e.actor.officer,
    station: e.actor.station,
    at: e.at.toISOString(),
  };

  if (kind === 'open') {
    if (out.state) return 'the mediation is already open';
    const opening = data as OpenEvent;
    if (opening.partnerNode === e.author) return 'the co-mediator must be a partner node';
    const nodes = [e.author, opening.partnerNode];
    const stray = opening.mediators.find((m) => m.node !== undefined && !nodes.includes(m.node));
    if (stray) return `mediator ${stray.name} serves neither side of the mediation`;
    out.owner = e.author;
    out.parties = nodes;
    out.status = 'open';
    out.state = {
      ...opening,
      openingNode: e.author,
      openedBy: by,
      sessions: [],
      agreement: null,
      proposals: 0,
      outcome: null,
      concludedAt: null,
      followUpDueAt: null,
      followUp: null,
      followedUpAt: null,
    };
    return undefined;
  }

  const s = out.state;
  if (!s) return 'the mediation does not exist';
  if (!out.parties.includes(e.author)) return 'only the two co-mediating sides may do this';
  const status = out.status as MediationStatus;
  const running = RUNNING_STATUSES.includes(status);
  const set = (next: MediationStatus) => {
    out.status = next;
  };

  switch (kind) {
    case 'add_party':
      if (!running) return `cannot add a party to a mediation that is ${status}`;
      s.parties.push(data as Party);
      return undefined;
    case 'add_mediator': {
      if (!running) return `cannot add a mediator to a mediation that is ${status}`;
      const mediator = data as Mediator;
      if (mediator.node !== undefined && !out.parties.includes(mediator.node))
        return `mediator ${mediator.name} serves neither side of the mediation`;
      s.mediators.push(mediator);
      return undefined;
    }
    case 'record_session':
      if (!running) return `cannot record a session of a mediation that is ${status}`;
      s.sessions.push({ ...(data as Session), recordedBy: by });
      return undefined;
    case 'propose_agreement': {
      if (!running) return `cannot propose terms for a mediation that is ${status}`;
      const proposal = data as { terms: string; termsHash: string };
      if (termsHash(proposal.terms) !== proposal.termsHash) return 'the terms hash does not match the terms';
      // Proposing is not signing: each node signs explicitly, the proposer too. A new proposal
      // supersedes the terms in force, signed or not, so every node signs again.
      s.agreement = { ...proposal, proposedBy: by, signatures: [], agreedAt: null };
      s.proposals += 1;
      set('agreement_proposed');
      return undefined;
    }
    case 'sign_agreement': {
      const a = s.agreement;
      if (!running || !a) return `there are no terms to sign; the mediation is ${status}`;
      if ((data as { termsHash: string }).termsHash !== a.termsHash)
        return 'the signed terms are not the terms in force (superseded or never proposed)';
      if (a.signatures.some((sig) => sig.node === e.author))
        return 'this side has already signed these terms';
      a.signatures.push(by);
      if (out.parties.every((node) => a.signatures.some((sig) => sig.node === node))) {
        a.agreedAt = by.at;
        set('agreed');
      }
      return undefined;
    }
    case 'record_outcome': {
      if (!running) return `cannot record the outcome of a mediation that is ${status}`;
      const outcome = data as OutcomeEvent;
      const agreed = s.agreement?.agreedAt ? s.agreement : null;
      if (outcome.result === 'agreement' && !agreed)
        return 'an agreement outcome needs terms co-signed by both sides';
      s.outcome = { ...outcome, recordedBy: by, termsHash: agreed?.termsHash ?? null };
      s.concludedAt = by.at;
      s.followUpDueAt = FOLLOWED_UP_RESULTS.includes(outcome.result)
        ? plusDays(by.at, outcome.followUpDays)
        : null;
      set('concluded');
      return undefined;
    }
    case 'record_follow_up': {
      if (status !== 'concluded') return `cannot record a follow-up of a mediation that is ${status}`;
      if (!s.followUpDueAt) return 'this outcome has no follow-up visit';
      const followUp = data as FollowUp;
      const visited = followUp.visitedAt ? Date.parse(followUp.visitedAt) : e.at.getTime();
      if (visited < Date.parse(s.concludedAt!)) return 'the visit cannot precede the outcome';
      if (visited > e.at.getTime()) return 'the visit cannot be later than its recording';
      s.followUp = { ...followUp, recordedBy: by };
      s.followedUpAt = new Date(visited).toISOString();
      set('followed_up');
      return undefined;
    }
  }
}

export const MEDIATION = 'mediation';

export const mediationRecordType: RecordType<MediationState | null> = {
  type: MEDIATION,
  fold: foldMediation,
  facts: mediationFacts,
  concernsStation: (state, station) =>
    state !== null && (state.openingStation === station || state.partnerStation === station),
  // No names, contacts or summary: the feed shows what kind of case moved, not who is in it.
  headline: (state) => ({
    disputeType: state?.disputeType,
    mechanism: state?.mechanism.kind,
    result: state?.outcome?.result ?? null,
    openingStation: state?.openingStation,
    partnerStation: state?.partnerStation,
  }),
};
