import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { OfficerIdentity } from '../auth/officer-token.ts';
import type { SharedReads } from '../batching/shared-reads.ts';
import type { Clock } from '../clock.ts';
import type { NodeConfig } from '../config/node-config.ts';
import { TiemengError } from '../errors/index.ts';
import type { EventsDeps } from '../events/index.ts';
import { assertActsForOneOf } from './acting-officer.ts';
import type { ActionSpec, DeclaredRecordType, SideSpec } from './define-record-type.ts';
import { eventData, type InputOf } from './officer-input.ts';
import { appendAs, createAs, readRecord } from './record-io.ts';
import { RecordStore } from './record-store.ts';

export interface RecordServiceDeps {
  config: NodeConfig;
  clock: Clock;
  events: EventsDeps;
  reads: SharedReads;
}

// biome-ignore lint/suspicious/noExplicitAny: a declaration of any record type (its own types are read back below)
export type AnyDeclared = DeclaredRecordType<any, any, any, any, any, any, any>;
export type StateOf<T> =
  T extends DeclaredRecordType<infer S, infer _St, infer _Si, infer _K, infer _C, infer _A, infer _P>
    ? S
    : never;
export type ActionsOf<T> =
  T extends DeclaredRecordType<infer _S, infer _St, infer _Si, infer _K, infer _C, infer A, infer _P>
    ? A
    : never;
/** The step actions of a declared type, by name. */
export type StepOf<T> = keyof ActionsOf<T> & string;
/** What an officer gives for step `N` of a declared type (its data, unless declared `withOfficerInput`). */
export type StepInput<T, N extends StepOf<T>> = z.output<InputOf<ActionsOf<T>[N]>>;

/**
 * What every record type's service shares, derived from its declaration: a step on a record is
 * checked (side, station, the type's own pre-check) for a clear refusal before it is appended, and
 * the fold checks it again with every earlier event. Each type adds how a record is created and read.
 */
export abstract class RecordService<T extends AnyDeclared> {
  protected readonly deps: RecordServiceDeps;
  readonly declared: T;
  readonly store: RecordStore<StateOf<T>>;

  constructor(declared: T, deps: RecordServiceDeps) {
    this.declared = declared;
    this.deps = deps;
    this.store = new RecordStore(declared.type);
  }

  /** Any step after creation: the officer's input for `action` as its schema parsed it. */
  async act<N extends StepOf<T>>(
    db: Kysely<Database>,
    officer: OfficerIdentity,
    recordId: string,
    action: N,
    input: StepInput<T, N>,
  ): Promise<Awaited<ReturnType<this['get']>>> {
    const { declared } = this;
    const { nodeId } = this.deps.config;
    const state = await this.store.fields(db, recordId, declared.sideFields);
    const spec: ActionSpec<StateOf<T>, string, string, ActionsOf<T>[N]> | undefined =
      declared.actions[action];
    if (!spec) throw new TiemengError('INVALID_INPUT', { message: `Unknown action ${action}` });
    const side: SideSpec<unknown> | undefined = declared.sides[spec.side];
    if (!side?.holds(state, nodeId, []))
      throw new TiemengError('NOT_PARTY', {
        message: `Only the ${side?.name ?? spec.side} may ${spec.human} this ${declared.noun}`,
      });
    assertActsForOneOf(officer, declared.stationsOf(state, nodeId));
    const data = eventData(spec.data, input, this.deps.config);
    if (spec.precheck) {
      // Judged on the data as the fold will read it, so both refuse the same steps.
      const parsed = spec.data.safeParse(data);
      const problem = parsed.success ? spec.precheck(state, parsed.data) : undefined;
      if (problem) throw new TiemengError('INVALID_INPUT', { message: problem });
    }
    await appendAs(db, this.deps.events, officer, {
      recordType: declared.type,
      recordId,
      kind: action,
      data,
    });
    return this.get(db, officer, recordId) as Promise<Awaited<ReturnType<this['get']>>>;
  }

  /** Creates a record with its first event (the declaration's `create`); answers the id. */
  protected create(db: Kysely<Database>, officer: OfficerIdentity, data: z.input<T['create']['data']>) {
    const { declared } = this;
    return createAs(db, this.deps.events, officer, {
      recordType: declared.type,
      kind: declared.create.action,
      data,
    });
  }

  /** The projection row with its state typed, its hash and signed timeline. */
  protected async read(db: Kysely<Database>, recordId: string) {
    const { row, stateHash, timeline } = await readRecord(db, this.deps.events, this.declared.type, recordId);
    return { row, state: this.store.state(row.state), stateHash, timeline };
  }

  abstract get(db: Kysely<Database>, officer: OfficerIdentity, recordId: string): Promise<unknown>;
}
