import type { FoldOutput, RecordEvent, RecordType } from '../../events/index.ts';
import { plusMinutes } from '../event-data.ts';
import { foldByRules } from '../fold-by-rules.ts';
import {
  type ActionRule,
  type AssistanceAction,
  type AssistanceStatus,
  assistanceActions,
  OPEN_STATUSES,
  type Stage,
} from './assistance-actions.ts';
import type { Completion, FileEvent } from './assistance-data.ts';
import { assistanceFacts } from './assistance-facts.ts';

export interface AssistanceInfoExchange {
  kind: 'request' | 'provide';
  by: string;
  at: string;
  text: string;
}

export interface AssistanceState extends Omit<FileEvent, 'deadlines'> {
  requestingNode: string;
  requestingOfficer: string | null;
  deadlines: FileEvent['deadlines'];
  stage: Stage;
  filedAt: string;
  dueAckAt: string;
  dueCompleteAt: string;
  acknowledgedAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  declinedAt: string | null;
  withdrawnAt: string | null;
  closedAt: string | null;
  /** Who must answer the open information request. */
  infoAwaitedFrom: string | null;
  info: AssistanceInfoExchange[];
  completion: Completion | null;
  declineReason: string | null;
  withdrawReason: string | null;
  closure: { rating?: number; remark?: string } | null;
}

/**
 * Folds an assistance request's events into its state. Pure and deterministic: both nodes run it on
 * the same events in the same order, so they agree on status, deadlines and which events were rejected.
 */
export function foldAssistance(events: readonly RecordEvent[]): FoldOutput<AssistanceState | null> {
  return foldByRules(events, assistanceActions, applyEvent);
}

/** Applies one event; returns why it is rejected, or undefined when it takes effect. */
function applyEvent(
  out: FoldOutput<AssistanceState | null>,
  e: RecordEvent,
  kind: AssistanceAction,
  data: unknown,
): string | undefined {
  const at = e.at.toISOString();

  if (kind === 'file') {
    if (out.state) return 'the request is already filed';
    const filing = data as FileEvent;
    if (filing.addressedNode === e.author) return 'a request must be addressed to a partner node';
    out.owner = e.author;
    out.parties = [e.author, filing.addressedNode];
    out.status = 'filed';
    out.state = {
      ...filing,
      requestingNode: e.author,
      requestingOfficer: e.actor.officer,
      stage: 'filed',
      filedAt: at,
      dueAckAt: plusMinutes(at, filing.deadlines.ackMinutes),
      dueCompleteAt: plusMinutes(at, filing.deadlines.completeMinutes),
      acknowledgedAt: null,
      startedAt: null,
      completedAt: null,
      declinedAt: null,
      withdrawnAt: null,
      closedAt: null,
      infoAwaitedFrom: null,
      info: [],
      completion: null,
      declineReason: null,
      withdrawReason: null,
      closure: null,
    };
    return undefined;
  }

  const s = out.state;
  if (!s) return 'the request does not exist';
  const sideError = checkSide(assistanceActions[kind].side, e.author, s);
  if (sideError) return sideError;
  const status = out.status as AssistanceStatus;
  const open = OPEN_STATUSES.includes(status);
  const waitingForInfo = status === 'info_requested';
  const set = (next: AssistanceStatus) => {
    out.status = next;
  };

  switch (kind) {
    case 'acknowledge':
      if (!open || waitingForInfo || s.stage !== 'filed')
        return `cannot acknowledge a request that is ${status}`;
      s.stage = 'acknowledged';
      s.acknowledgedAt = at;
      set('acknowledged');
      return undefined;
    case 'start':
      if (!open || waitingForInfo || s.stage !== 'acknowledged')
        return `cannot start work on a request that is ${status}`;
      s.stage = 'in_progress';
      s.startedAt = at;
      set('in_progress');
      return undefined;
    case 'request_info':
      if (!open || waitingForInfo) return `cannot ask for information on a request that is ${status}`;
      s.infoAwaitedFrom = e.author === s.requestingNode ? s.addressedNode : s.requestingNode;
      s.info.push({ kind: 'request', by: e.author, at, text: (data as { text: string }).text });
      set('info_requested');
      return undefined;
    case 'provide_info':
      if (!waitingForInfo) return `no information was asked for; the request is ${status}`;
      if (s.infoAwaitedFrom !== e.author) return 'only the side that was asked provides the information';
      s.infoAwaitedFrom = null;
      s.info.push({ kind: 'provide', by: e.author, at, text: (data as { text: string }).text });
      set('info_provided');
      return undefined;
    case 'complete':
      if (!open || waitingForInfo || s.stage !== 'in_progress')
        return `cannot complete a request that is ${status}`;
      s.completion = data as Completion;
      s.completedAt = at;
      set('completed');
      return undefined;
    case 'decline':
      if (!open) return `cannot decline a request that is ${status}`;
      s.declineReason = (data as { reason: string }).reason;
      s.declinedAt = at;
      set('declined');
      return undefined;
    case 'withdraw':
      if (!open) return `cannot withdraw a request that is ${status}`;
      s.withdrawReason = (data as { reason: string }).reason;
      s.withdrawnAt = at;
      set('withdrawn');
      return undefined;
    case 'close':
      if (status !== 'completed' && status !== 'declined') return `cannot close a request that is ${status}`;
      s.closure = data as { rating?: number; remark?: string };
      s.closedAt = at;
      set('closed');
      return undefined;
  }
}

function checkSide(side: ActionRule['side'], author: string, s: AssistanceState): string | undefined {
  const isRequester = author === s.requestingNode;
  const isAddressed = author === s.addressedNode;
  if (side === 'requester' && !isRequester) return 'only the requesting side may do this';
  if (side === 'addressed' && !isAddressed) return 'only the addressed side may do this';
  if (side === 'either' && !isRequester && !isAddressed)
    return 'only the two sides of the request may do this';
  return undefined;
}

export const ASSISTANCE = 'assistance';

export const assistanceRecordType: RecordType<AssistanceState | null> = {
  type: ASSISTANCE,
  fold: foldAssistance,
  facts: assistanceFacts,
  concernsStation: (state, station) =>
    state !== null && (state.requestingStation === station || state.addressedStation === station),
  headline: (state) => ({
    title: state?.title,
    category: state?.category,
    priority: state?.priority,
    requestingStation: state?.requestingStation,
    addressedStation: state?.addressedStation,
  }),
};
