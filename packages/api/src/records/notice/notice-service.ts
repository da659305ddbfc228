import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { OfficerIdentity } from '../../auth/officer-token.ts';
import { assertActsForOneOf } from '../acting-officer.ts';
import { RecordService, type RecordServiceDeps } from '../record-service.ts';
import { resolveParties } from '../sql/resolve-parties.ts';
import { summaryPage } from '../summary-page.ts';
import type { IssueCommand } from './notice-data.ts';
import { maskEventData, maskState, maskSubject } from './notice-masking.ts';
import { notice } from './notice-type.ts';
import { review } from './review.ts';
import { listNotices, type NoticeListFilter, type NoticeSummaryState } from './sql/list-notices.ts';

/**
 * Missing-person and fugitive notices (失踪/在逃人员通报): commands become signed events (steps and
 * their checks come from the declaration); reads mask the subject and add the effective status;
 * only `reveal` returns the full subject.
 */
export class NoticeService extends RecordService<typeof notice> {
  constructor(deps: RecordServiceDeps) {
    super(notice, deps);
  }

  /** Issues a notice from the officer's station to one or more partner stations. */
  async issue(db: Kysely<Database>, officer: OfficerIdentity, input: IssueCommand) {
    const { config } = this.deps;
    const recipientNodes = await resolveParties(
      db,
      config.nodeId,
      officer,
      input.issuingStation,
      input.recipientStations,
    );
    const recordId = await this.create(db, officer, {
      ...input,
      recipientNodes,
      reviewDays: config.agreement.noticeReviewDays,
    });
    return this.get(db, officer, recordId);
  }

  /** The notice with the subject masked, the effective status and the signed timeline (also masked). */
  async get(db: Kysely<Database>, _officer: OfficerIdentity, recordId: string) {
    const { row, state, stateHash, timeline } = await this.read(db, recordId);
    return {
      ...this.#summary({ ...row, state }, this.deps.clock.now()),
      state: maskState(state),
      stateHash,
      timeline: timeline.map((t) => ({ ...t, data: maskEventData(t.data) })),
    };
  }

  /** The full subject (ID number, photo reference) for an officer of a station the notice concerns. */
  async reveal(db: Kysely<Database>, officer: OfficerIdentity, recordId: string) {
    const s = await this.store.fields(db, recordId, [
      'kind',
      'subject',
      'issuingStation',
      'recipientStations',
    ]);
    assertActsForOneOf(officer, [s.issuingStation, ...s.recipientStations]);
    return {
      id: recordId,
      kind: s.kind,
      subject: s.subject,
      revealedAt: this.deps.clock.now().toISOString(),
    };
  }

  /** Newest first, filtered, cursor-paged; subjects masked. */
  list(db: Kysely<Database>, filter: NoticeListFilter) {
    return summaryPage(
      this.deps,
      db,
      ['notice.list', filter],
      (now) => listNotices(db, this.deps.config.nodeId, now, filter, this.store),
      (row, now) => this.#summary(row, now),
    );
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
      direction: s.issuingNode === this.deps.config.nodeId ? ('outbound' as const) : ('inbound' as const),
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
