import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { OfficerIdentity } from '../../auth/officer-token.ts';
import { assertActsForOneOf } from '../acting-officer.ts';
import { RecordService, type RecordServiceDeps } from '../record-service.ts';
import { resolveParties } from '../sql/resolve-parties.ts';
import { summaryPage } from '../summary-page.ts';
import type { FileInput } from './assistance-data.ts';
import { maskEventData, maskState } from './assistance-masking.ts';
import { assistance } from './assistance-type.ts';
import { deadlines } from './deadlines.ts';
import {
  type AssistanceListFilter,
  type AssistanceSummaryState,
  listAssistance,
} from './sql/list-assistance.ts';

/**
 * Assistance requests (协查请求): commands become signed events (steps and their checks come from the
 * declaration); reads add deadlines and signatures.
 */
export class AssistanceService extends RecordService<typeof assistance> {
  constructor(deps: RecordServiceDeps) {
    super(assistance, deps);
  }

  /** Files a request from the officer's station to a partner station. */
  async file(db: Kysely<Database>, officer: OfficerIdentity, input: FileInput) {
    const { config } = this.deps;
    const [addressedNode] = await resolveParties(db, config.nodeId, officer, input.requestingStation, [
      input.addressedStation,
    ]);
    const { priority } = input;
    const deadlinesInForce = {
      ackMinutes: config.agreement.ackMinutes[priority],
      completeMinutes: config.agreement.completeMinutes[priority],
    };
    const recordId = await this.create(db, officer, {
      ...input,
      addressedNode: addressedNode ?? '',
      deadlines: deadlinesInForce,
    });
    return this.get(db, officer, recordId);
  }

  /** The full request: state, deadlines now, and the signed timeline. */
  async get(db: Kysely<Database>, _officer: OfficerIdentity, recordId: string) {
    const { row, state, stateHash, timeline } = await this.read(db, recordId);
    return {
      ...this.#summary({ ...row, state }, this.deps.clock.now()),
      state: maskState(state),
      stateHash,
      timeline: timeline.map((t) => ({ ...t, data: maskEventData(t.data) })),
    };
  }

  /** The persons with their full ID numbers, for an officer of either station of the request. */
  async reveal(db: Kysely<Database>, officer: OfficerIdentity, recordId: string) {
    const s = await this.store.fields(db, recordId, ['requestingStation', 'addressedStation', 'subjects']);
    assertActsForOneOf(officer, [s.requestingStation, s.addressedStation]);
    return { id: recordId, subjects: s.subjects, revealedAt: this.deps.clock.now().toISOString() };
  }

  /** Newest first, filtered, cursor-paged. */
  list(db: Kysely<Database>, filter: AssistanceListFilter) {
    return summaryPage(
      this.deps,
      db,
      ['assistance.list', filter],
      (now) => listAssistance(db, this.deps.config.nodeId, now, filter, this.store),
      (row, now) => this.#summary(row, now),
    );
  }

  /** A request as lists show it, its deadlines judged at `now` (one instant for a whole page). */
  #summary(
    row: { record_id: string; status: string; updated_at: Date; state: AssistanceSummaryState },
    now: Date,
  ) {
    const s = row.state;
    return {
      id: row.record_id,
      status: row.status,
      direction: s.requestingNode === this.deps.config.nodeId ? ('outbound' as const) : ('inbound' as const),
      category: s.category,
      priority: s.priority,
      title: s.title,
      requestingStation: s.requestingStation,
      addressedStation: s.addressedStation,
      filedAt: s.filedAt,
      updatedAt: row.updated_at.toISOString(),
      ...deadlines(s, row.status, now),
    };
  }
}
