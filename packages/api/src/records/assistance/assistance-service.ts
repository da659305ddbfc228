import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { OfficerIdentity } from '../../auth/officer-token.ts';
import type { SharedReads } from '../../batching/shared-reads.ts';
import type { Clock } from '../../clock.ts';
import type { NodeConfig } from '../../config/node-config.ts';
import { TiemengError } from '../../errors/index.ts';
import type { EventsDeps } from '../../events/index.ts';
import { assertActsFor } from '../acting-officer.ts';
import { appendAs, createAs, readRecord } from '../record-io.ts';
import { loadState } from '../sql/load-projection.ts';
import { resolveParties } from '../sql/resolve-parties.ts';
import { summaryPage } from '../summary-page.ts';
import { type AssistanceAction, assistanceActions } from './assistance-actions.ts';
import type { FileInput } from './assistance-data.ts';
import { ASSISTANCE, type AssistanceState } from './assistance-fold.ts';
import { deadlines } from './deadlines.ts';
import {
  type AssistanceListFilter,
  type AssistanceSummaryState,
  listAssistance,
} from './sql/list-assistance.ts';

/** The state fields that say which side of a request the officer acts for. */
const SIDE_FIELDS = [
  'requestingNode',
  'requestingStation',
  'addressedStation',
] as const satisfies readonly (keyof AssistanceState)[];
type SideState = Pick<AssistanceState, (typeof SIDE_FIELDS)[number]>;

interface Deps {
  config: NodeConfig;
  clock: Clock;
  events: EventsDeps;
  reads: SharedReads;
}

/** Assistance requests (协查请求): commands become signed events; reads add deadlines and signatures. */
export class AssistanceService {
  readonly #deps: Deps;
  constructor(deps: Deps) {
    this.#deps = deps;
  }

  /** Files a request from the officer's station to a partner station. */
  async file(db: Kysely<Database>, officer: OfficerIdentity, input: FileInput) {
    const { config, events } = this.#deps;
    const [addressedNode] = await resolveParties(db, config.nodeId, officer, input.requestingStation, [
      input.addressedStation,
    ]);
    const { priority } = input;
    const deadlinesInForce = {
      ackMinutes: config.agreement.ackMinutes[priority],
      completeMinutes: config.agreement.completeMinutes[priority],
    };
    const recordId = await createAs(db, events, officer, {
      recordType: ASSISTANCE,
      kind: 'file',
      data: { ...input, addressedNode, deadlines: deadlinesInForce },
    });
    return this.get(db, officer, recordId);
  }

  /** Any step after filing; the side rule is checked here for a clear refusal, the status rule by the fold. */
  async act(
    db: Kysely<Database>,
    officer: OfficerIdentity,
    recordId: string,
    action: Exclude<AssistanceAction, 'file'>,
    data: unknown,
  ) {
    const { config, events } = this.#deps;
    const state = (await loadState(db, ASSISTANCE, recordId, SIDE_FIELDS)) as SideState;
    const side = assistanceActions[action].side;
    const mySide = state.requestingNode === config.nodeId ? 'requester' : 'addressed';
    if (side !== 'either' && side !== mySide)
      throw new TiemengError('NOT_PARTY', {
        message: `Only the ${side} side may ${assistanceActions[action].human} this request`,
      });
    assertActsFor(officer, mySide === 'requester' ? state.requestingStation : state.addressedStation);
    await appendAs(db, events, officer, { recordType: ASSISTANCE, recordId, kind: action, data });
    return this.get(db, officer, recordId);
  }

  /** The full request: state, deadlines now, and the signed timeline. */
  async get(db: Kysely<Database>, _officer: OfficerIdentity, recordId: string) {
    const { row, stateHash, timeline } = await readRecord(db, this.#deps.events, ASSISTANCE, recordId);
    const state = row.state as unknown as AssistanceState;
    return { ...this.#summary({ ...row, state }, this.#deps.clock.now()), state, stateHash, timeline };
  }

  /** Newest first, filtered, cursor-paged. */
  list(db: Kysely<Database>, filter: AssistanceListFilter) {
    return summaryPage(
      this.#deps,
      db,
      ['assistance.list', filter],
      (now) => listAssistance(db, this.#deps.config.nodeId, now, filter),
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
      direction: s.requestingNode === this.#deps.config.nodeId ? ('outbound' as const) : ('inbound' as const),
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
