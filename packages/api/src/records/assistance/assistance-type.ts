import { FIELD_STAFF, READERS } from '../../auth/roles.ts';
import { defineRecordType } from '../define-record-type.ts';
import { plusMinutes } from '../event-data.ts';
import {
  type Completion,
  closeSchema,
  completeSchema,
  type FileEvent,
  fileEventSchema,
  infoSchema,
  reasonSchema,
  remarkSchema,
} from './assistance-data.ts';
import { assistanceFacts } from './assistance-facts.ts';

export const ASSISTANCE = 'assistance';

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

export const OPEN_STATUSES: readonly AssistanceStatus[] = [
  'filed',
  'acknowledged',
  'in_progress',
  'info_requested',
  'info_provided',
];
/** Open and not waiting for information: the request can move on. */
const MOVING: readonly AssistanceStatus[] = OPEN_STATUSES.filter((s) => s !== 'info_requested');

/** How far the partner has taken the request; info exchanges pause it without losing it. */
export type Stage = 'filed' | 'acknowledged' | 'in_progress';

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
 * Assistance requests (协查请求): the requesting node files, the addressed node acknowledges, works and
 * completes or declines; either side may pause the request to ask the other for information.
 */
export const assistance = defineRecordType({
  type: ASSISTANCE,
  noun: 'request',
  statuses: ASSISTANCE_STATUSES,
  statusLabels: {
    filed: { zh: '待签收', en: 'Awaiting acknowledgement' },
    acknowledged: { zh: '已签收', en: 'Acknowledged' },
    in_progress: { zh: '办理中', en: 'In progress' },
    info_requested: { zh: '待补充材料', en: 'Information requested' },
    info_provided: { zh: '已补充材料', en: 'Information provided' },
    completed: { zh: '已办结', en: 'Completed' },
    declined: { zh: '已拒绝', en: 'Declined' },
    withdrawn: { zh: '已撤回', en: 'Withdrawn' },
    closed: { zh: '已关闭', en: 'Closed' },
  },
  sideFields: ['requestingNode', 'addressedNode', 'requestingStation', 'addressedStation'],
  sides: {
    requester: {
      holds: (s, node) => node === s.requestingNode,
      refusal: 'only the requesting side may do this',
      name: 'requester side',
    },
    addressed: {
      holds: (s, node) => node === s.addressedNode,
      refusal: 'only the addressed side may do this',
      name: 'addressed side',
    },
    either: {
      holds: (s, node) => node === s.requestingNode || node === s.addressedNode,
      refusal: 'only the two sides of the request may do this',
      name: 'two sides',
    },
  },
  stationsOf: (s, node) => [node === s.requestingNode ? s.requestingStation : s.addressedStation],
  missing: 'the request does not exist',
  refuseFrom: (status, _s, action) => `cannot ${action.human} a request that is ${status}`,

  create: {
    action: 'file',
    procedure: 'file',
    roles: FIELD_STAFF,
    labels: { zh: '发起协查', en: 'File' },
    data: fileEventSchema,
    exists: 'the request is already filed',
    apply(filing, { event: e, at }) {
      if (filing.addressedNode === e.author) return 'a request must be addressed to a partner node';
      const state: AssistanceState = {
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
      return { parties: [e.author, filing.addressedNode], status: 'filed', state };
    },
  },

  actions: {
    acknowledge: {
      side: 'addressed',
      from: MOVING,
      when: (s) => s.stage === 'filed',
      to: 'acknowledged',
      data: remarkSchema,
      roles: ['duty', 'command'],
      human: 'acknowledge',
      labels: { zh: '签收', en: 'Acknowledge' },
      apply(s, _data, { at }) {
        s.stage = 'acknowledged';
        s.acknowledgedAt = at;
        return undefined;
      },
    },
    start: {
      side: 'addressed',
      from: MOVING,
      when: (s) => s.stage === 'acknowledged',
      to: 'in_progress',
      data: remarkSchema,
      roles: FIELD_STAFF,
      human: 'start work on',
      labels: { zh: '开始办理', en: 'Start work' },
      apply(s, _data, { at }) {
        s.stage = 'in_progress';
        s.startedAt = at;
        return undefined;
      },
    },
    request_info: {
      side: 'either',
      from: MOVING,
      refuse: (status) => `cannot ask for information on a request that is ${status}`,
      to: 'info_requested',
      data: infoSchema,
      roles: FIELD_STAFF,
      human: 'ask for more information on',
      labels: { zh: '要求补充材料', en: 'Ask for information' },
      apply(s, { text }, { event: e, at }) {
        s.infoAwaitedFrom = e.author === s.requestingNode ? s.addressedNode : s.requestingNode;
        s.info.push({ kind: 'request', by: e.author, at, text });
        return undefined;
      },
    },
    provide_info: {
      side: 'either',
      from: ['info_requested'],
      refuse: (status) => `no information was asked for; the request is ${status}`,
      to: 'info_provided',
      data: infoSchema,
      roles: FIELD_STAFF,
      human: 'provide information on',
      labels: { zh: '补充材料', en: 'Provide information' },
      apply(s, { text }, { event: e, at }) {
        if (s.infoAwaitedFrom !== e.author) return 'only the side that was asked provides the information';
        s.infoAwaitedFrom = null;
        s.info.push({ kind: 'provide', by: e.author, at, text });
        return undefined;
      },
    },
    complete: {
      side: 'addressed',
      from: MOVING,
      when: (s) => s.stage === 'in_progress',
      to: 'completed',
      data: completeSchema,
      roles: FIELD_STAFF,
      human: 'complete',
      labels: { zh: '办结', en: 'Complete' },
      apply(s, completion, { at }) {
        s.completion = completion;
        s.completedAt = at;
        return undefined;
      },
    },
    decline: {
      side: 'addressed',
      from: OPEN_STATUSES,
      to: 'declined',
      data: reasonSchema,
      roles: ['duty', 'command'],
      human: 'decline',
      labels: { zh: '拒绝', en: 'Decline' },
      apply(s, { reason }, { at }) {
        s.declineReason = reason;
        s.declinedAt = at;
        return undefined;
      },
    },
    withdraw: {
      side: 'requester',
      from: OPEN_STATUSES,
      to: 'withdrawn',
      data: reasonSchema,
      roles: FIELD_STAFF,
      human: 'withdraw',
      labels: { zh: '撤回', en: 'Withdraw' },
      apply(s, { reason }, { at }) {
        s.withdrawReason = reason;
        s.withdrawnAt = at;
        return undefined;
      },
    },
    close: {
      side: 'requester',
      from: ['completed', 'declined'],
      to: 'closed',
      data: closeSchema,
      roles: FIELD_STAFF,
      human: 'close',
      labels: { zh: '关闭', en: 'Close' },
      apply(s, closure, { at }) {
        s.closure = closure;
        s.closedAt = at;
        return undefined;
      },
    },
  },

  procedures: {
    acknowledge: 'acknowledge',
    start: 'start',
    requestInfo: 'request_info',
    provideInfo: 'provide_info',
    complete: 'complete',
    decline: 'decline',
    withdraw: 'withdraw',
    close: 'close',
  },
  reads: {
    get: READERS,
    list: READERS,
    // The persons' full ID numbers: duty desk and command only, as for notices.
    reveal: ['duty', 'command'],
  },
  facts: assistanceFacts,
  concernsStation: (s, station) => s.requestingStation === station || s.addressedStation === station,
  headline: (state) => ({
    title: state?.title,
    category: state?.category,
    priority: state?.priority,
    requestingStation: state?.requestingStation,
    addressedStation: state?.addressedStation,
  }),
});

export type AssistanceAction = keyof typeof assistance.actions;

/** Folds an assistance request's events into its state (pure: both nodes agree on every event). */
export const foldAssistance = assistance.fold;
export const assistanceRecordType = assistance.recordType;
