import type { ActionRule as Rule } from '../fold-by-rules.ts';
import {
  confirmSchema,
  issueEventSchema,
  locatedSchema,
  type NoticeKind,
  renewSchema,
  resolveSchema,
  sightingSchema,
  updateSchema,
} from './notice-data.ts';

/**
 * Stored status. `lapsed` is never stored: it is derived at read time from the signed review date
 * (see review.ts), so both nodes agree without either having to author a lapse event.
 */
export type NoticeStatus = 'active' | 'resolved';
export type EffectiveNoticeStatus = NoticeStatus | 'lapsed';

/**
 * Which node may act: the issuing node (`owner`) or a node it sent the notice to (`recipient`).
 * Sightings and located/intercepted reports come from recipients only: the issuing side records its
 * own leads by updating the notice (new last-seen place), and a report is something the owner then
 * confirms or rejects — confirming one's own report would mean nothing.
 */
export type Side = 'owner' | 'recipient';

export type ActionRule = Rule<Side>;

/** The side × action table of a notice. Roles per procedure are in the permission table. */
export const noticeActions = {
  issue: { side: 'owner', data: issueEventSchema, human: 'issue' },
  update: { side: 'owner', data: updateSchema, human: 'update' },
  sighting: { side: 'recipient', data: sightingSchema, human: 'report a sighting on' },
  report: { side: 'recipient', data: locatedSchema, human: 'report the subject located on' },
  confirm: { side: 'owner', data: confirmSchema, human: 'confirm reports on' },
  resolve: { side: 'owner', data: resolveSchema, human: 'resolve' },
  renew: { side: 'owner', data: renewSchema, human: 'renew' },
} as const satisfies Record<string, ActionRule>;

export type NoticeAction = keyof typeof noticeActions;

const OUTCOMES_BY_KIND: Record<NoticeKind, readonly string[]> = {
  missing_person: ['found_safe', 'found_deceased', 'cancelled'],
  fugitive: ['arrested', 'cancelled'],
};

/**
 * Why `data` does not fit a notice of `kind` (e.g. `arrested` on a missing-person notice), or
 * undefined. The fold rejects such events; the service refuses them up front as INVALID_INPUT.
 */
export function kindMismatch(kind: NoticeKind, action: NoticeAction, data: unknown): string | undefined {
  const d = (data ?? {}) as Record<string, unknown>;
  if (action === 'resolve' && !OUTCOMES_BY_KIND[kind].includes(String(d.outcome)))
    return `a ${kind} notice cannot be resolved ${String(d.outcome)}`;
  if (action === 'report' && d.kind === 'intercepted' && kind !== 'fugitive')
    return 'only a fugitive is intercepted; report a missing person as located';
  if (action === 'update' && kind === 'fugitive' && d.missing !== undefined)
    return 'a fugitive notice has no missing-person details';
  if (action === 'update' && kind === 'missing_person' && d.fugitive !== undefined)
    return 'a missing-person notice has no fugitive details';
  return undefined;
}
