import { FIELD_STAFF, READERS } from '../../auth/roles.ts';
import { type Applying, defineRecordType } from '../define-record-type.ts';
import { plusDays } from '../event-data.ts';
import {
  confirmSchema,
  type IssueEvent,
  issueEventSchema,
  locatedSchema,
  type NoticeKind,
  type Resolution,
  renewSchema,
  resolveSchema,
  sightingSchema,
  updateSchema,
} from './notice-data.ts';
import { noticeFacts } from './notice-facts.ts';

export const NOTICE = 'notice';

/**
 * Stored statuses. `lapsed` is never stored: it is derived at read time from the signed review date
 * (see review.ts), so both nodes agree without either having to author a lapse event.
 */
export const NOTICE_STATUSES = ['active', 'resolved'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** A partner's sighting or located/intercepted report, and the owner's verdict on it. */
export interface NoticeReport {
  eventId: string;
  type: 'sighting' | 'located' | 'intercepted';
  node: string;
  station: string | null;
  officer: string | null;
  reportedAt: string;
  time: string;
  place: string;
  detail: string;
  review: { accepted: boolean; remark: string | null; at: string; officer: string | null } | null;
}

export type NoticeState = IssueEvent & {
  issuingNode: string;
  issuingOfficer: string | null;
  issuedAt: string;
  renewedAt: string | null;
  renewals: number;
  /** Last issue/renew author time + reviewDays: past it the notice has lapsed. */
  reviewDueAt: string;
  updatedAt: string | null;
  reports: NoticeReport[];
  resolution: { outcome: Resolution; remark: string | null; at: string; officer: string | null } | null;
};

const OUTCOMES_BY_KIND: Record<NoticeKind, readonly Resolution[]> = {
  missing_person: ['found_safe', 'found_deceased', 'cancelled'],
  fugitive: ['arrested', 'cancelled'],
};

/** Merges a patch, ignoring keys present but undefined (the patch is sparse). */
const merge = <T extends object>(base: T, patch: object): T => ({
  ...base,
  ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
});

/**
 * Missing-person and fugitive notices (失踪/在逃人员通报): the issuing node (`owner`) issues, updates,
 * confirms reports, renews and resolves; the nodes it sent the notice to (`recipient`) report
 * sightings and located/intercepted subjects. Sightings and reports come from recipients only: the
 * issuing side records its own leads by updating the notice, and a report is something the owner
 * then confirms or rejects — confirming one's own report would mean nothing.
 */
export const notice = defineRecordType({
  type: NOTICE,
  noun: 'notice',
  statuses: NOTICE_STATUSES,
  statusLabels: {
    active: { zh: '有效', en: 'Active' },
    resolved: { zh: '已结束', en: 'Resolved' },
  },
  sideFields: ['kind', 'issuingNode', 'issuingStation', 'recipientStations', 'recipientNodes'],
  sides: {
    owner: {
      holds: (s, node) => node === s.issuingNode,
      refusal: 'only the issuing side may do this',
      name: 'issuing side',
    },
    recipient: {
      holds: (s, node) => s.recipientNodes.includes(node),
      refusal: 'only a side the notice was sent to may do this',
      name: 'receiving side',
    },
  },
  stationsOf: (s, node) =>
    node === s.issuingNode
      ? [s.issuingStation]
      : s.recipientStations.filter((_, i) => s.recipientNodes[i] === node),
  missing: 'the notice does not exist',
  // Every step is taken from `active`: the only other status is the end.
  refuseFrom: (_status, s) => `the notice is resolved (${s.resolution?.outcome ?? 'unknown'})`,
  // Lapse, decided by author time so every node draws the line at the same event. After it only the
  // owner's `resolve` is accepted: a lapsed notice is dead for the partners (no reports, no renewal —
  // the owner issues a new notice instead), but the issuing side must still be able to close its
  // books, e.g. record that the person was found, which the statistics then count.
  check: (s, action, { at }) =>
    Date.parse(at) > Date.parse(s.reviewDueAt) && action !== 'resolve'
      ? `the notice lapsed at ${s.reviewDueAt}; only the issuing side may still resolve it`
      : undefined,

  create: {
    action: 'issue',
    procedure: 'issue',
    roles: FIELD_STAFF,
    labels: { zh: '发布通报', en: 'Issue' },
    data: issueEventSchema,
    exists: 'the notice is already issued',
    apply(issued, { event: e, at }) {
      if (issued.recipientNodes.includes(e.author)) return 'a notice is sent to partner nodes only';
      const state: NoticeState = {
        ...issued,
        issuingNode: e.author,
        issuingOfficer: e.actor.officer,
        issuedAt: at,
        renewedAt: null,
        renewals: 0,
        reviewDueAt: plusDays(at, issued.reviewDays),
        updatedAt: null,
        reports: [],
        resolution: null,
      };
      return { parties: [...new Set([e.author, ...issued.recipientNodes])], status: 'active', state };
    },
  },

  actions: {
    update: {
      side: 'owner',
      from: ['active'],
      data: updateSchema,
      roles: FIELD_STAFF,
      human: 'update',
      labels: { zh: '更新通报', en: 'Update' },
      precheck(s, u) {
        if (s.kind === 'fugitive' && u.missing !== undefined)
          return 'a fugitive notice has no missing-person details';
        if (s.kind === 'missing_person' && u.fugitive !== undefined)
          return 'a missing-person notice has no fugitive details';
        return undefined;
      },
      apply(s, u, { at }) {
        if (u.subject) s.subject = merge(s.subject, u.subject);
        if (u.lastSeen) s.lastSeen = u.lastSeen;
        if (u.contactOfficer) s.contactOfficer = u.contactOfficer;
        if (u.missing && s.kind === 'missing_person') s.missing = merge(s.missing, u.missing);
        if (u.fugitive && s.kind === 'fugitive') s.fugitive = merge(s.fugitive, u.fugitive);
        s.updatedAt = at;
        return undefined;
      },
    },
    sighting: {
      side: 'recipient',
      from: ['active'],
      data: sightingSchema,
      roles: FIELD_STAFF,
      human: 'report a sighting on',
      labels: { zh: '发现线索', en: 'Report a sighting' },
      apply(s, d, e) {
        s.reports.push(reportOf('sighting', d, e));
        return undefined;
      },
    },
    report: {
      side: 'recipient',
      from: ['active'],
      data: locatedSchema,
      roles: FIELD_STAFF,
      human: 'report the subject located on',
      labels: { zh: '报告找到/拦截', en: 'Report located / intercepted' },
      precheck: (s, d) =>
        d.kind === 'intercepted' && s.kind !== 'fugitive'
          ? 'only a fugitive is intercepted; report a missing person as located'
          : undefined,
      apply(s, d, e) {
        s.reports.push(reportOf(d.kind, d, e));
        return undefined;
      },
    },
    confirm: {
      side: 'owner',
      from: ['active'],
      data: confirmSchema,
      roles: FIELD_STAFF,
      human: 'confirm reports on',
      labels: { zh: '确认报告', en: 'Review a report' },
      apply(s, c, { event: e, at }) {
        const report = s.reports.find((r) => r.eventId === c.reportEventId);
        if (!report) return 'no such report on this notice';
        if (report.review)
          return `the report was already ${report.review.accepted ? 'confirmed' : 'rejected'}`;
        report.review = { accepted: c.accepted, remark: c.remark ?? null, at, officer: e.actor.officer };
        // A confirmed report newer than the last-seen entry becomes the last seen place and time.
        if (c.accepted && Date.parse(report.time) > Date.parse(s.lastSeen.time))
          s.lastSeen = { place: report.place, time: report.time };
        return undefined;
      },
    },
    resolve: {
      side: 'owner',
      from: ['active'],
      to: 'resolved',
      data: resolveSchema,
      roles: FIELD_STAFF,
      human: 'resolve',
      labels: { zh: '撤销通报', en: 'Resolve' },
      precheck: (s, d) =>
        OUTCOMES_BY_KIND[s.kind].includes(d.outcome)
          ? undefined
          : `a ${s.kind} notice cannot be resolved ${d.outcome}`,
      apply(s, d, { event: e, at }) {
        s.resolution = { outcome: d.outcome, remark: d.remark ?? null, at, officer: e.actor.officer };
        return undefined;
      },
    },
    renew: {
      side: 'owner',
      from: ['active'],
      data: renewSchema,
      roles: FIELD_STAFF,
      human: 'renew',
      labels: { zh: '续期', en: 'Renew' },
      apply(s, _d, { at }) {
        // The period of the issue event applies again; an agreement change takes effect with new notices.
        s.renewedAt = at;
        s.renewals += 1;
        s.reviewDueAt = plusDays(at, s.reviewDays);
        return undefined;
      },
    },
  },

  procedures: {
    update: 'update',
    reportSighting: 'sighting',
    /** `kind`: located (missing person or fugitive) or intercepted (fugitive only). */
    reportLocated: 'report',
    confirm: 'confirm',
    resolve: 'resolve',
    renew: 'renew',
  },
  reads: {
    get: READERS,
    list: READERS,
    // The unmasked subject (full ID number, photo reference): duty desk and command only.
    reveal: ['duty', 'command'],
  },
  facts: noticeFacts,
  concernsStation: (s, station) => s.issuingStation === station || s.recipientStations.includes(station),
  // No name, no ID number, no photo: only what a duty desk needs to notice that something moved.
  headline: (state) => ({
    kind: state?.kind,
    status: state ? (state.resolution ? 'resolved' : 'active') : undefined,
    lastSeenPlace: state?.lastSeen.place,
    issuingStation: state?.issuingStation,
    reviewDueAt: state?.reviewDueAt,
  }),
});

/** A partner's report as the notice keeps it, awaiting the owner's verdict. */
function reportOf(
  type: NoticeReport['type'],
  d: { time: string; place: string; detail: string },
  { event: e, at }: Applying<NoticeState>,
): NoticeReport {
  return {
    eventId: e.id,
    type,
    node: e.author,
    station: e.actor.station,
    officer: e.actor.officer,
    reportedAt: at,
    time: d.time,
    place: d.place,
    detail: d.detail,
    review: null,
  };
}

export type NoticeAction = keyof typeof notice.actions;

/** Folds a notice's events into its state (pure: both nodes agree on every event). */
export const foldNotice = notice.fold;
export const noticeRecordType = notice.recordType;
