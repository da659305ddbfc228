import type { ActionRule as Rule } from '../fold-by-rules.ts';
import {
  followUpSchema,
  mediatorSchema,
  openEventSchema,
  outcomeEventSchema,
  partySchema,
  proposeEventSchema,
  sessionSchema,
  signSchema,
} from './mediation-data.ts';

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

/** Which node may take an action: the opening node, or either of the two co-mediating nodes. */
export type Side = 'opener' | 'either';

export type ActionRule = Rule<Side>;

/**
 * The side × action table of a joint mediation. Roles per procedure are in the permission table;
 * this says which node may act, and the fold says from which status.
 */
export const mediationActions = {
  open: { side: 'opener', data: openEventSchema, human: 'open' },
  add_party: { side: 'either', data: partySchema, human: 'add a party to' },
  add_mediator: { side: 'either', data: mediatorSchema, human: 'add a mediator to' },
  record_session: { side: 'either', data: sessionSchema, human: 'record a session of' },
  propose_agreement: { side: 'either', data: proposeEventSchema, human: 'propose terms for' },
  sign_agreement: { side: 'either', data: signSchema, human: 'sign the terms of' },
  record_outcome: { side: 'either', data: outcomeEventSchema, human: 'record the outcome of' },
  record_follow_up: { side: 'either', data: followUpSchema, human: 'record the follow-up of' },
} as const satisfies Record<string, ActionRule>;

export type MediationAction = keyof typeof mediationActions;

/** While the mediation runs: parties, mediators, sessions and terms may still change. */
export const RUNNING_STATUSES: readonly MediationStatus[] = ['open', 'agreement_proposed', 'agreed'];

/** Outcomes that leave something to check on later (双向闭环); a failed mediation has no follow-up. */
export const FOLLOWED_UP_RESULTS: readonly string[] = ['agreement', 'partial', 'referred'];
