import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { OfficerIdentity } from '../../auth/officer-token.ts';
import type { SharedReads } from '../../batching/shared-reads.ts';
import type { Clock } from '../../clock.ts';
import type { NodeConfig } from '../../config/node-config.ts';
import type { EventsDeps } from '../../events/index.ts';
import { assertActsFor } from '../acting-officer.ts';
import { appendAs, createAs, readRecord } from '../record-io.ts';
import { loadState } from '../sql/load-projection.ts';
import { resolveParties } from '../sql/resolve-parties.ts';
import { summaryPage } from '../summary-page.ts';
import { followUpView } from './follow-up.ts';
import type { MediationAction } from './mediation-actions.ts';
import type { OpenInput, OutcomeInput } from './mediation-data.ts';
import { MEDIATION, type MediationState } from './mediation-fold.ts';
import { listMediation, type MediationListFilter, type MediationSummaryState } from './sql/list-mediation.ts';
import { termsHash } from './terms-hash.ts';

/** The state fields that say which station of a mediation the officer acts for. */
const SIDE_FIELDS = [
  'openingNode',
  'openingStation',
  'partnerStation',
] as const satisfies readonly (keyof MediationState)[];
type SideState = Pick<MediationState, (typeof SIDE_FIELDS)[number]>;

interface Deps {
  config: NodeConfig;
  clock: Clock;
  events: EventsDeps;
  reads: SharedReads;
}

/** Actions after opening whose data the officer gives as is. */
export type PlainMediationAction = Exclude<MediationAction, 'open' | 'propose_agreement' | 'record_outcome'>;

/** Joint mediations (联合调解): commands become signed events; reads add the follow-up view and signatures. */
export class MediationService {
  readonly #deps: Deps;
  constructor(deps: Deps) {
    this.#deps = deps;
  }

  /** Opens a mediation at the officer's station with a partner station as co-mediator. */
  async open(db: Kysely<Database>, officer: OfficerIdentity, input: OpenInput) {
    const { config, events } = this.#deps;
    const [partnerNode] = await resolveParties(db, config.nodeId, officer, input.openingStation, [
      input.partnerStation,
    ]);
    const recordId = await createAs(db, events, officer, {
      recordType: MEDIATION,
      kind: 'open',
      data: { ...input, partnerNode },
    });
    return this.get(db, officer, recordId);
  }

  /** Proposes terms; the hash both nodes will sign is computed here and re-checked by the fold. */
  proposeAgreement(db: Kysely<Database>, officer: OfficerIdentity, recordId: string, terms: string) {
    return this.act(db, officer, recordId, 'propose_agreement', { terms, termsHash: termsHash(terms) });
  }

  /** Records the outcome with the follow-up period in force, signed so both nodes derive the same due date. */
  recordOutcome(db: Kysely<Database>, officer: OfficerIdentity, recordId: string, outcome: OutcomeInput) {
    const followUpDays = this.#deps.config.agreement.followUpDays;
    return this.act(db, officer, recordId, 'record_outcome', { ...outcome, followUpDays });
  }

  /**
   * Any step after opening. Every later action is open to either side, so only the station rule is
   * checked here (an officer acts for their node's station of the record); the status rule is the fold's.
   */
  async act(
    db: Kysely<Database>,
    officer: OfficerIdentity,
    recordId: string,
    action: Exclude<MediationAction, 'open'>,
    data: unknown,
  ) {
    const { config, events } = this.#deps;
    const state = (await loadState(db, MEDIATION, recordId, SIDE_FIELDS)) as SideState;
    assertActsFor(officer, state.openingNode === config.nodeId ? state.openingStation : state.partnerStation);
    await appendAs(db, events, officer, { recordType: MEDIATION, recordId, kind: action, data });
    return this.get(db, officer, recordId);
  }

  /** The full record: state, follow-up now, and the signed timeline. */
  async get(db: Kysely<Database>, _officer: OfficerIdentity, recordId: string) {
    const { row, stateHash, timeline } = await readRecord(db, this.#deps.events, MEDIATION, recordId);
    const state = row.state as unknown as MediationState;
    return { ...this.#summary({ ...row, state }, this.#deps.clock.now()), state, stateHash, timeline };
  }

  /** Newest first, filtered, cursor-paged. */
  list(db: Kysely<Database>, filter: MediationListFilter) {
    return summaryPage(
      this.#deps,
      db,
      ['mediation.list', filter],
      (now) => listMediation(db, now, filter),
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
      direction: s.openingNode === this.#deps.config.nodeId ? ('outbound' as const) : ('inbound' as const),
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
