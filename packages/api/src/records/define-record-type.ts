import type { z } from 'zod';
import type { Role } from '../auth/roles.ts';
import type { FoldOutput, RecordEvent, RecordType } from '../events/index.ts';
import type { RecordFact } from './metrics.ts';

/** A text in both languages of the officers (the CLI and the console pick one). */
export interface Labels {
  zh: string;
  en: string;
}

/** An event as `apply` sees it: the event itself, its author time as ISO text, and the fold so far. */
export interface Applying<S> {
  event: RecordEvent;
  at: string;
  out: FoldOutput<S | null>;
}

/** Why the fold refuses an event: the rule it breaks (the error an officer gets) and the reason stored. */
export interface Refusal {
  code: 'NOT_PARTY' | 'ILLEGAL_TRANSITION';
  reason: string;
}

/** One side of a record: whether a node is on it, how refusals name it. */
export interface SideSpec<P> {
  /** Whether `node` is on this side of the record (`parties`: the record's nodes). */
  holds(state: P, node: string, parties: readonly string[]): boolean;
  /** The fold's reason when an event comes from a node not on this side (stored in the timeline). */
  refusal: string;
  /** How a service refusal names the side: "Only the <name> may …". */
  name: string;
}

/** How a record starts: its first action, which makes the state, parties and status. */
export interface CreateSpec<S, St extends string, D extends z.ZodType> {
  action: string;
  /** The tRPC procedure (`<type>.<procedure>`). */
  procedure: string;
  roles: readonly Role[];
  labels: Labels;
  /** The event's data, vetted identically on both nodes. */
  data: D;
  /** The fold's reason for a second creating event. */
  exists: string;
  /** The new record, or why the event is refused. */
  apply(data: z.output<D>, e: Applying<S>): { state: S; parties: string[]; status: St } | string;
}

/**
 * A step on an existing record. `K`: the state fields a service reads before appending (the type's
 * `sideFields`), all that `precheck` may look at.
 */
export interface ActionSpec<
  S,
  St extends string,
  Side extends string,
  D extends z.ZodType,
  K extends keyof S = keyof S,
> {
  /** Which side of the record may take it. */
  side: Side;
  /** The statuses it may be taken from; any when absent. */
  from?: readonly St[];
  /** A further condition on the state for `from` (e.g. the stage a paused request stands at). */
  when?: (state: S) => boolean;
  /** The fold's reason when `from` / `when` do not allow it; the type's `refuseFrom` when absent. */
  refuse?: (status: St, state: S) => string;
  /** The status it leads to: fixed, read from the state after `apply`, or unchanged when absent. */
  to?: St | ((state: S) => St | undefined);
  /**
   * The event's data, vetted identically on both nodes; also what the officer gives, unless it comes
   * `withOfficerInput` (officer-input.ts): then the node completes the officer's input into it.
   */
  data: D;
  roles: readonly Role[];
  /** How a service refusal names the action: "Only the … may <human> this <noun>". */
  human: string;
  labels: Labels;
  /**
   * Why the data does not fit the record, judged by its side fields alone (e.g. `arrested` on a
   * missing-person notice): the service refuses it as INVALID_INPUT before appending, and the fold
   * rejects such an event after the type's `check`.
   */
  precheck?(state: Pick<S, K>, data: z.output<D>): string | undefined;
  /** Changes the state, or says why the event is refused. */
  apply(state: S, data: z.output<D>, e: Applying<S>): string | undefined;
}

/** The declaration of a record type; see `defineRecordType`. */
export interface RecordTypeSpec<
  S,
  St extends string,
  Side extends string,
  K extends keyof S,
  C extends z.ZodType,
  A extends Record<string, z.ZodObject>,
  P extends Record<string, keyof A & string>,
> {
  type: string;
  /** How refusals name a record of this type ("request", "notice", "mediation"). */
  noun: string;
  statuses: readonly St[];
  statusLabels: Record<St, Labels>;
  /** The state fields that say which side of a record a node is on and which of its stations act. */
  sideFields: readonly K[];
  sides: Record<Side, SideSpec<Pick<S, K>>>;
  /** The record's stations hosted on `node`: an officer acts for one of them (command staff for any). */
  stationsOf(state: Pick<S, K>, node: string): string[];
  /** The fold's reason for a step on a record not created (yet). */
  missing: string;
  /** The fold's reason when an action's `from` / `when` do not allow it. */
  refuseFrom(status: St, state: S, action: { human: string }): string;
  /** Rules every step obeys after the status check (e.g. a lapsed notice); a reason refuses the event. */
  check?(state: S, action: Extract<keyof A, string>, e: Applying<S>): string | undefined;
  create: CreateSpec<S, St, C>;
  actions: { [N in keyof A]: ActionSpec<S, St, Side, A[N], K> };
  /** The tRPC procedure of each step (`<type>.<procedure>`) → its action. */
  procedures: P;
  /** The roles of the type's read procedures (`get`, `list`, `reveal`…), which its router adds beside the steps. */
  reads: Record<string, readonly Role[]>;
  /**
   * What a record contributes to the joint statistics. Pass a function typed by its parameter (e.g.
   * `assistanceFacts`): TypeScript reads the state type `S` of the whole declaration from it.
   */
  facts(fold: FoldOutput<S | null>): RecordFact[];
  concernsStation(state: S, station: string): boolean;
  headline(state: S | null): Record<string, unknown>;
}

/** A declared record type: its declaration, and what is derived from it. */
export type DeclaredRecordType<
  S,
  St extends string,
  Side extends string,
  K extends keyof S,
  C extends z.ZodType,
  A extends Record<string, z.ZodObject>,
  P extends Record<string, keyof A & string>,
> = RecordTypeSpec<S, St, Side, K, C, A, P> & {
  /** The events core's view: the fold (with its side/status checks), facts, feed and headline. */
  recordType: RecordType<S | null>;
  fold(events: readonly RecordEvent[]): FoldOutput<S | null> & { refusals: Record<string, Refusal> };
};

/**
 * Declares a record type once — statuses, sides, and for each action its side, from/to statuses,
 * data schema (or officer input, officer-input.ts), roles, labels, `precheck` and `apply` — and
 * derives its fold with the side and status checks. Services, procedures, permissions and the
 * clients' catalog are derived from the same declaration (record-service.ts,
 * routers/record-router.ts, record-permissions.ts, catalog.ts).
 *
 * @example
 * export const note = defineRecordType({ type: 'note', statuses: ['open', 'closed'], …,
 *   actions: { close: { side: 'owner', from: ['open'], to: 'closed', data: z.object({}), apply: () => undefined, … } } });
 */
export function defineRecordType<
  S,
  const St extends string,
  const Side extends string,
  const K extends keyof S,
  C extends z.ZodType,
  A extends Record<string, z.ZodObject>,
  const P extends Record<string, keyof A & string>,
>(spec: RecordTypeSpec<S, St, Side, K, C, A, P>): DeclaredRecordType<S, St, Side, K, C, A, P> {
  const fold = (events: readonly RecordEvent[]) => foldBy(spec, events);
  return {
    ...spec,
    fold,
    recordType: {
      type: spec.type,
      fold,
      facts: spec.facts,
      concernsStation: (state, station) => state !== null && spec.concernsStation(state, station),
      headline: spec.headline,
    },
  };
}

const isStatus = <St extends string>(statuses: readonly St[], status: string): status is St =>
  statuses.some((s) => s === status);

/** Whether `kind` names a step of `actions`: own keys only, as a peer's signed kind may be any text (`__proto__` too). */
const isAction = <A extends object>(actions: A, kind: string): kind is Extract<keyof A, string> =>
  Object.hasOwn(actions, kind);

/**
 * The loop every record type's fold shares: start empty, and for each event in canonical order look
 * up its action, vet its data with the action's schema, check side and status, then let `apply` take
 * it or say why not. An event with an unknown action, malformed data or a broken rule is rejected
 * with that reason, typed NOT_PARTY (wrong side) or ILLEGAL_TRANSITION (anything else).
 */
function foldBy<
  S,
  St extends string,
  Side extends string,
  K extends keyof S,
  C extends z.ZodType,
  A extends Record<string, z.ZodObject>,
>(
  spec: RecordTypeSpec<S, St, Side, K, C, A, Record<string, keyof A & string>>,
  events: readonly RecordEvent[],
): FoldOutput<S | null> & { refusals: Record<string, Refusal> } {
  const out: FoldOutput<S | null> & { refusals: Record<string, Refusal> } = {
    owner: '',
    parties: [],
    status: 'none',
    state: null,
    rejected: {},
    refusals: {},
  };
  for (const event of events) {
    const refusal = step(spec, out, event);
    if (refusal) {
      out.rejected[event.id] = refusal.reason;
      out.refusals[event.id] = refusal;
    }
  }
  return out;
}

const illegal = (reason: string): Refusal => ({ code: 'ILLEGAL_TRANSITION', reason });

function step<
  S,
  St extends string,
  Side extends string,
  K extends keyof S,
  C extends z.ZodType,
  A extends Record<string, z.ZodObject>,
>(
  spec: RecordTypeSpec<S, St, Side, K, C, A, Record<string, keyof A & string>>,
  out: FoldOutput<S | null>,
  event: RecordEvent,
): Refusal | undefined {
  const e: Applying<S> = { event, at: event.at.toISOString(), out };
  if (event.kind === spec.create.action) {
    const parsed = spec.create.data.safeParse(event.data);
    if (!parsed.success) return illegal(malformed(event.kind, parsed.error));
    if (out.state) return illegal(spec.create.exists);
    const made = spec.create.apply(parsed.data, e);
    if (typeof made === 'string') return illegal(made);
    out.owner = event.author;
    out.parties = made.parties;
    out.status = made.status;
    out.state = made.state;
    return undefined;
  }
  const name = event.kind;
  if (!isAction(spec.actions, name)) return illegal(`unknown action ${name}`);
  const action: ActionSpec<S, St, Side, A[typeof name], K> = spec.actions[name];
  const parsed = action.data.safeParse(event.data);
  if (!parsed.success) return illegal(malformed(event.kind, parsed.error));
  const s = out.state;
  if (!s) return illegal(spec.missing);
  const side = spec.sides[action.side];
  if (!side.holds(s, event.author, out.parties)) return { code: 'NOT_PARTY', reason: side.refusal };
  const status = isStatus(spec.statuses, out.status) ? out.status : undefined;
  if (status === undefined) return illegal(`unknown status ${out.status}`);
  const allowed = (action.from?.includes(status) ?? true) && (action.when?.(s) ?? true);
  if (!allowed) return illegal(action.refuse?.(status, s) ?? spec.refuseFrom(status, s, action));
  const broken = spec.check?.(s, name, e) ?? action.precheck?.(s, parsed.data);
  if (broken) return illegal(broken);
  const reason = apply(action, s, parsed.data, e);
  if (reason) return illegal(reason);
  const next = typeof action.to === 'function' ? action.to(s) : action.to;
  if (next) out.status = next;
  return undefined;
}

/** Runs an action's `apply` with its data as its own schema parsed it. */
function apply<S, St extends string, Side extends string, D extends z.ZodType, K extends keyof S>(
  action: ActionSpec<S, St, Side, D, K>,
  state: S,
  data: z.output<D>,
  e: Applying<S>,
): string | undefined {
  return action.apply(state, data, e);
}

const malformed = (kind: string, error: z.ZodError) =>
  `malformed ${kind} data: ${error.issues[0]?.message ?? 'invalid'}`;
