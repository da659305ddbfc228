import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { OfficerIdentity } from '../../auth/officer-token.ts';
import { RecordService, type RecordServiceDeps } from '../record-service.ts';
import { resolveParties } from '../sql/resolve-parties.ts';
import { summaryPage } from '../summary-page.ts';
import { followUpView } from './follow-up.ts';
import type { OpenCommand } from './mediation-data.ts';
import { mediation } from './mediation-type.ts';
import { listMediation, type MediationListFilter, type MediationSummaryState } from './sql/list-mediation.ts';

/**
 * Joint mediations (联合调解): commands become signed events (steps and their checks come from the
 * declaration); reads add the follow-up view and signatures.
 */
export class MediationService extends RecordService<typeof mediation> {
  constructor(deps: RecordServiceDeps) {
    super(mediation, deps);
  }

  /** Opens a mediation at the officer's station with a partner station as co-mediator. */
  async open(db: Kysely<Database>, officer: OfficerIdentity, input: OpenCommand) {
    const { config } = this.deps;
    const [partnerNode] = await resolveParties(db, config.nodeId, officer, input.openingStation, [
      input.partnerStation,
    ]);
    const recordId = await this.create(db, officer, { ...input, partnerNode: partnerNode ?? '' });
    return this.get(db, officer, recordId);
  }

  /** The full record: state, follow-up now, and the signed timeline. */
  async get(db: Kysely<Database>, _officer: OfficerIdentity, recordId: string) {
    const { row, state, stateHash, timeline } = await this.read(db, recordId);
    return { ...this.#summary({ ...row, state }, this.deps.clock.now()), state, stateHash, timeline };
  }

  /** Newest first, filtered, cursor-paged. */
  list(db: Kysely<Database>, filter: MediationListFilter) {
    return summaryPage(
      this.deps,
      db,
      ['mediation.list', filter],
      (now) => listMediation(db, now, filter, this.store),
      (row, now) => this.#summary(row, now),
    );
  }

  /** A mediation as lists show it, its follow-ups judged at `now` (one instant for a whole page). */
  #summary(
    row: { record_id: string; status: string; updated_at: Date; state: MediationSummaryState },
    now: Date,
  ) {
    const s = row.state;
    return {
      id: row.record_id,
      status: row.status,
      direction: s.openingNode === this.deps.config.nodeId ? ('outbound' as const) : ('inbound' as const),
      disputeType: s.disputeType,
      mechanism: s.mechanism.kind,
      summary: s.summary,
      openingStation: s.openingStation,
      partnerStation: s.partnerStation,
      result: s.outcome?.result ?? null,
      agreedTermsHash: s.agreement?.agreedAt ? s.agreement.termsHash : null,
      openedAt: s.openedBy.at,
      updatedAt: row.updated_at.toISOString(),
      ...followUpView(s, row.status, now),
    };
  }
}
