import type { ActionRule as Rule } from '../fold-by-rules.ts';
import {
  closeSchema,
  completeSchema,
  fileEventSchema,
  infoSchema,
  reasonSchema,
  remarkSchema,
} from './assistance-data.ts';

export const ASSISTANCE_STATUSES = [
  'filed',
  'acknowledged',
  'in_progress',
  'info_requested',
  'info_provided',
  'completed',
  'declined',
  'withdrawn',
  'closed',
] as const;
export type AssistanceStatus = (typeof ASSISTANCE_STATUSES)[number];

/** How far the partner has taken the request; info exchanges pause it without losing it. */
export type Stage = 'filed' | 'acknowledged' | 'in_progress';

/** Which side of the request may take an action: the requesting node or the addressed one. */
export type Side = 'requester' | 'addressed' | 'either';

export type ActionRule = Rule<Side>;

/**
 * The side × action table of an assistance request. Roles per procedure are in the permission
 * table; this says which node (and station) may act, and the fold says from which status.
 */
export const assistanceActions = {
  file: { side: 'requester', data: fileEventSchema, human: 'file' },
  acknowledge: { side: 'addressed', data: remarkSchema, human: 'acknowledge' },
  start: { side: 'addressed', data: remarkSchema, human: 'start work on' },
  request_info: { side: 'either', data: infoSchema, human: 'ask for more information on' },
  provide_info: { side: 'either', data: infoSchema, human: 'provide information on' },
  complete: { side: 'addressed', data: completeSchema, human: 'complete' },
  decline: { side: 'addressed', data: reasonSchema, human: 'decline' },
  withdraw: { side: 'requester', data: reasonSchema, human: 'withdraw' },
  close: { side: 'requester', data: closeSchema, human: 'close' },
} as const satisfies Record<string, ActionRule>;

export type AssistanceAction = keyof typeof assistanceActions;

export const OPEN_STATUSES: readonly AssistanceStatus[] = [
  'filed',
  'acknowledged',
  'in_progress',
  'info_requested',
  'info_provided',
];
