import type { z } from 'zod';
import type { NodeConfig } from '../config/node-config.ts';

/** What the acting node adds to an officer's input: the agreement's values in force. */
export type NodeTerms = Pick<NodeConfig, 'agreement'>;

/** What an officer gives for a step, and how the node completes it into the event's data. */
export interface OfficerInput<I extends z.ZodObject, D extends z.ZodObject> {
  /** The procedure's input (without the record id). */
  schema: I;
  /** The event's data for `input`; the fold vets it again with the action's data schema. */
  toData(input: z.output<I>, node: NodeTerms): z.output<D>;
}

/** An action's data schema that also carries its officer input (see `withOfficerInput`). */
export type WithOfficerInput<D extends z.ZodObject, I extends z.ZodObject> = D & {
  officerInput: OfficerInput<I, D>;
};

/** The schema of what an officer gives for a step whose data schema is `D`. */
export type InputOf<D> = D extends { officerInput: OfficerInput<infer I, infer _D> } ? I : D;

/**
 * A step whose event carries more than the officer gives — something the node computes (a hash)
 * or the agreement fixes (a period) — declared on the action's data schema itself, so the type of
 * the procedure's input follows from the declaration like every other step's.
 *
 * @example
 * data: withOfficerInput(proposeEventSchema, {
 *   schema: proposeInputSchema,
 *   toData: ({ terms }) => ({ terms, termsHash: termsHash(terms) }),
 * }),
 */
export function withOfficerInput<D extends z.ZodObject, I extends z.ZodObject>(
  data: D,
  input: OfficerInput<I, D>,
): WithOfficerInput<D, I> {
  // A copy: the exported event schema stays a plain schema for everyone else who reads it.
  return Object.assign(data.clone(), { officerInput: input });
}

/** A data schema as the generic service and router read it: it may carry an officer input. */
type MaybeWithInput = z.ZodObject & {
  officerInput?: { schema: z.ZodObject; toData(input: unknown, node: NodeTerms): unknown };
};

/** The schema of the officer's input for a step whose data schema is `data`. */
export function officerInputSchema<D extends z.ZodObject>(data: D): InputOf<D> {
  const carried: MaybeWithInput = data;
  // `InputOf` is what this branch computes; TypeScript cannot follow a conditional type into a value.
  return (carried.officerInput?.schema ?? data) as InputOf<D>;
}

/** The event's data for an officer's (parsed) input: as given, or completed by the node. */
export function eventData(data: MaybeWithInput, input: unknown, node: NodeTerms): unknown {
  return data.officerInput ? data.officerInput.toData(input, node) : input;
}
