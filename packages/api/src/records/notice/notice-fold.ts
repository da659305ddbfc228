import type { FoldOutput, RecordEvent, RecordType } from '../../events/index.ts';
import { plusDays } from '../event-data.ts';
import { foldByRules } from '../fold-by-rules.ts';
import { kindMismatch, type NoticeAction, type NoticeStatus, noticeActions } from './notice-actions.ts';
import type {
  ConfirmData,
  IssueEvent,
  LocatedData,
  NoticeUpdate,
  Resolution,
  ResolveData,
  SightingData,
} from './notice-data.ts';
import { noticeFacts } from './notice-facts.ts';

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

/** Merges a patch, ignoring keys present but undefined (the patch is sparse). */
const merge = <T extends object>(base: T, patch: object): T => ({
  ...base,
  ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
});

/**
 * Folds a notice's events into its state. Pure and deterministic: both nodes run it on the same
 * events in the same order, so they agree on status, review date and which events were rejected.
 */
export function foldNotice(events: readonly RecordEvent[]): FoldOutput<NoticeState | null> {
  return foldByRules(events, noticeActions, applyEvent);
}

/** Applies one event; returns why it is rejected, or undefined when it takes effect. */
function applyEvent(
  out: FoldOutput<NoticeState | null>,
  e: RecordEvent,
  kind: NoticeAction,
  data: unknown,
): string | undefined {
  const at = e.at.toISOString();

  if (kind === 'issue') {
    if (out.state) return 'the notice is already issued';
    const issued = data as IssueEvent;
    if (issued.recipientNodes.includes(e.author)) return 'a notice is sent to partner nodes only';
    out.owner = e.author;
    out.parties = [...new Set([e.author, ...issued.recipientNodes])];
    out.status = 'active';
    out.state = {
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
    return undefined;
  }

  const s = out.state;
  if (!s) return 'the notice does not exist';
  const rule = noticeActions[kind];
  if (rule.side === 'owner' && e.author !== s.issuingNode) return 'only the issuing side may do this';
  if (rule.side === 'recipient' && !s.recipientNodes.includes(e.author))
    return 'only a side the notice was sent to may do this';
  if ((out.status as NoticeStatus) === 'resolved')
    return `the notice is resolved (${s.resolution?.outcome ?? 'unknown'})`;
  // Lapse, decided by author time so every node draws the line at the same event. After it only
  // the owner's `resolve` is accepted: a lapsed notice is dead for the partners (no reports, no
  // renewal — the owner issues a new notice instead), but the issuing side must still be able to
  // close its books, e.g. record that the person was found, which the statistics then count.
  if (Date.parse(at) > Date.parse(s.reviewDueAt) && kind !== 'resolve')
    return `the notice lapsed at ${s.reviewDueAt}; only the issuing side may still resolve it`;
  const mismatch = kindMismatch(s.kind, kind, data);
  if (mismatch) return mismatch;

  switch (kind) {
    case 'update': {
      const u = data as NoticeUpdate;
      if (u.subject) s.subject = merge(s.subject, u.subject);
      if (u.lastSeen) s.lastSeen = u.lastSeen;
      if (u.contactOfficer) s.contactOfficer = u.contactOfficer;
      if (u.missing && s.kind === 'missing_person') s.missing = merge(s.missing, u.missing);
      if (u.fugitive && s.kind === 'fugitive') s.fugitive = merge(s.fugitive, u.fugitive);
      s.updatedAt = at;
      return undefined;
    }
    case 'sighting':
    case 'report': {
      const d = data as SightingData | LocatedData;
      s.reports.push({
        eventId: e.id,
        type: 'kind' in d ? d.kind : 'sighting',
        node: e.author,
        station: e.actor.station,
        officer: e.actor.officer,
        reportedAt: at,
        time: d.time,
        place: d.place,
        detail: d.detail,
        review: null,
      });
      return undefined;
    }
    case 'confirm': {
      const c = data as ConfirmData;
      const report = s.reports.find((r) => r.eventId === c.reportEventId);
      if (!report) return 'no such report on this notice';
      if (report.review) return `the report was already ${report.review.accepted ? 'confirmed' : 'rejected'}`;
      report.review = { accepted: c.accepted, remark: c.remark ?? null, at, officer: e.actor.officer };
      // A confirmed report newer than the last-seen entry becomes the last seen place and time.
      if (c.accepted && Date.parse(report.time) > Date.parse(s.lastSeen.time))
        s.lastSeen = { place: report.place, time: report.time };
      return undefined;
    }
    case 'resolve': {
      const d = data as ResolveData;
      s.resolution = { outcome: d.outcome, remark: d.remark ?? null, at, officer: e.actor.officer };
      out.status = 'resolved';
      return undefined;
    }
    case 'renew':
      // The period of the issue event applies again; an agreement change takes effect with new notices.
      s.renewedAt = at;
      s.renewals += 1;
      s.reviewDueAt = plusDays(at, s.reviewDays);
      return undefined;
  }
}

export const NOTICE = 'notice';

export const noticeRecordType: RecordType<NoticeState | null> = {
  type: NOTICE,
  fold: foldNotice,
  facts: noticeFacts,
  concernsStation: (state, station) =>
    state !== null && (state.issuingStation === station || state.recipientStations.includes(station)),
  // No name, no ID number, no photo: only what a duty desk needs to notice that something moved.
  headline: (state) => ({
    kind: state?.kind,
    status: state ? (state.resolution ? 'resolved' : 'active') : undefined,
    lastSeenPlace: state?.lastSeen.place,
    issuingStation: state?.issuingStation,
    reviewDueAt: state?.reviewDueAt,
  }),
};
