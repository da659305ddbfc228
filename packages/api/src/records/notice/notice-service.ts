import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { OfficerIdentity } from '../../auth/officer-token.ts';
import type { SharedReads } from '../../batching/shared-reads.ts';
import type { Clock } from '../../clock.ts';
import type { NodeConfig } from '../../config/node-config.ts';
import { TiemengError } from '../../errors/index.ts';
import type { EventsDeps } from '../../events/index.ts';
import { assertActsForOneOf } from '../acting-officer.ts';
import { appendAs, createAs, readRecord } from '../record-io.ts';
import { loadState } from '../sql/load-projection.ts';
import { resolveParties } from '../sql/resolve-parties.ts';
import { summaryPage } from '../summary-page.ts';
import { kindMismatch, type NoticeAction, noticeActions } from './notice-actions.ts';
import type { IssueEvent } from './notice-data.ts';
import { NOTICE, type NoticeState } from './notice-fold.ts';
import { maskEventData, maskState, maskSubject } from './notice-masking.ts';
import { review } from './review.ts';
import { listNotices, type NoticeListFilter, type NoticeSummaryState } from './sql/list-notices.ts';

/** The state fields that say which side of a notice the officer acts for, and its kind. */
const SIDE_FIELDS = [
  'kind',
  'issuingNode',
  'issuingStation',
  'recipientStations',
  'recipientNodes',
] as const satisfies readonly (keyof NoticeState)[];
type SideState = Pick<NoticeState, (typeof SIDE_FIELDS)[number]>;

/** The state fields `reveal` shows or checks. */
const REVEALED_FIELDS = [
  'kind',
  'subject',
  'issuingStation',
  'recipientStations',
] as const satisfies readonly (keyof NoticeState)[];
type RevealedState = Pick<NoticeState, (typeof REVEALED_FIELDS)[number]>;

interface Deps {
  config: NodeConfig;
  clock: Clock;
  events: EventsDeps;
  reads: SharedReads;
}

/** What an officer gives to issue a notice (the parsed input; the node adds recipient nodes and the review period). */
export type IssueCommand = Omit<IssueEvent, 'recipientNodes' | 'reviewDays'>;

/**
 * Missing-person and fugitive notices (失踪/在逃人员通报): commands become signed events; reads mask
 * the subject and add the effective status; only `reveal` returns the full subject.
 */
export class NoticeService {
  readonly #deps: Deps;
  constructor(deps: Deps) {
    this.#deps = deps;
  }

  /** Issues a notice from the officer's station to one or more partner stations. */
  async issue(db: Kysely<Database>, officer: OfficerIdentity, input: IssueCommand) {
    const { config, events } = this.#deps;
    const recipientNodes = await resolveParties(
      db,
      config.nodeId,
      officer,
      input.issuingStation,
      input.recipientStations,
    );
    const recordId = await createAs(db, events, officer, {
      recordType: NOTICE,
      kind: 'issue',
      data: { ...input, recipientNodes, reviewDays: config.agreement.noticeReviewDays },
    });
    return this.get(db, officer, recordId);
  }

  /** Any step after issue; side and kind rules are checked here for a clear refusal, the rest by the fold. */
  async act(
    db: Kysely<Database>,
    officer: OfficerIdentity,
    recordId: string,
    action: Exclude<NoticeAction, 'issue'>,
    data: unknown,
  ) {
    const { config, events } = this.#deps;
    const state = (await loadState(db, NOTICE, recordId, SIDE_FIELDS)) as SideState;
    const { side, human } = noticeActions[action];
    const mySide = state.issuingNode === config.nodeId ? 'owner' : 'recipient';
    if (side !== mySide)
      throw new TiemengError('NOT_PARTY', {
        message: `Only the ${side === 'owner' ? 'issuing side' : 'receiving side'} may ${human} this notice`,
      });
    assertActsForOneOf(
      officer,
      mySide === 'owner' ? [state.issuingStation] : this.#myRecipientStations(state),
    );
    const mismatch = kindMismatch(state.kind, action, data);
    if (mismatch) throw new TiemengError('INVALID_INPUT', { message: mismatch });
    await appendAs(db, events, officer, { recordType: NOTICE, recordId, kind: action, data });
    return this.get(db, officer, recordId);
  }

  /** The notice with the subject masked, the effective status and the signed timeline (also masked). */
  async get(db: Kysely<Database>, _officer: OfficerIdentity, recordId: string) {
    const { row, stateHash, timeline } = await readRecord(db, this.#deps.events, NOTICE, recordId);
    const state = row.state as unknown as NoticeState;
    return {
      ...this.#summary({ ...row, state }, this.#deps.clock.now()),
      state: maskState(state),
      stateHash,
      timeline: timeline.map((t) => ({ ...t, data: maskEventData(t.data) })),
    };
  }

  /** The full subject (ID number, photo reference) for an officer of a station the notice concerns. */
  async reveal(db: Kysely<Database>, officer: OfficerIdentity, recordId: string) {
    const s = (await loadState(db, NOTICE, recordId, REVEALED_FIELDS)) as RevealedState;
    assertActsForOneOf(officer, [s.issuingStation, ...s.recipientStations]);
    return {
      id: recordId,
      kind: s.kind,
      subject: s.subject,
      revealedAt: this.#deps.clock.now().toISOString(),
    };
  }

  /** Newest first, filtered, cursor-paged; subjects masked. */
  list(db: Kysely<Database>, filter: NoticeListFilter) {
    return summaryPage(
      this.#deps,
      db,
      ['notice.list', filter],
      (now) => listNotices(db, this.#deps.config.nodeId, now, filter),
      (row, now) => this.#summary(row, now),
    );
  }

  /** Recipient stations hosted on this node. */
  #myRecipientStations(s: Pick<NoticeState, 'recipientStations' | 'recipientNodes'>): string[] {
    return s.recipientStations.filter((_, i) => s.recipientNodes[i] === this.#deps.config.nodeId);
  }

  /** A notice as lists show it, its review judged at `now` (one instant for a whole page). */
  #summary(
    row: { record_id: string; status: string; updated_at: Date; state: NoticeSummaryState },
    now: Date,
  ) {
    const s = row.state;
    return {
      id: row.record_id,
      kind: s.kind,
      direction: s.issuingNode === this.#deps.config.nodeId ? ('outbound' as const) : ('inbound' as const),
      issuingStation: s.issuingStation,
      recipientStations: s.recipientStations,
      subject: maskSubject(s.subject),
      lastSeen: s.lastSeen,
      caution: s.kind === 'fugitive' ? s.fugitive.caution : [],
      requestedAction: s.kind === 'fugitive' ? s.fugitive.requestedAction : null,
      vulnerability: s.kind === 'missing_person' ? s.missing.vulnerability : [],
      issuedAt: s.issuedAt,
      updatedAt: row.updated_at.toISOString(),
      openReports: s.reports.filter((r) => r.review === null).length,
      outcome: s.resolution?.outcome ?? null,
      ...review(s, row.status, now),
    };
  }
}
