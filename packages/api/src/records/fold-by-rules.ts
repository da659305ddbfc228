import type { z } from 'zod';
import type { FoldOutput, RecordEvent } from '../events/index.ts';

/** One row of a record type's action table: which side may act, and the data its event carries. */
export interface ActionRule<Side extends string> {
  side: Side;
  /** The data the event carries; vetted identically on both nodes. */
  data: z.ZodType;
  /** How the action reads in a refusal: "Only the … side may <human> this record". */
  human: string;
}

/**
 * The loop every record type's fold shares: start empty, and for each event in canonical order look
 * up its action, vet its data with the action's schema, then let `apply` take it or say why not.
 * An event with an unknown action, malformed data or a broken rule is rejected with that reason.
 *
 * @example
 * export const foldNote = (events) => foldByRules(events, noteActions, (out, e, kind, data) => …);
 */
export function foldByRules<S, K extends string>(
  events: readonly RecordEvent[],
  rules: Record<K, { data: z.ZodType }>,
  apply: (out: FoldOutput<S | null>, e: RecordEvent, kind: K, data: unknown) => string | undefined,
): FoldOutput<S | null> {
  const out: FoldOutput<S | null> = { owner: '', parties: [], status: 'none', state: null, rejected: {} };
  for (const e of events) {
    // Own keys only: a peer's signed kind may be any text, `constructor` or `__proto__` included.
    const rule = Object.hasOwn(rules, e.kind)
      ? (rules as Record<string, { data: z.ZodType }>)[e.kind]
      : undefined;
    let reason: string | undefined;
    if (!rule) reason = `unknown action ${e.kind}`;
    else {
      const parsed = rule.data.safeParse(e.data);
      reason = parsed.success
        ? apply(out, e, e.kind as K, parsed.data)
        : `malformed ${e.kind} data: ${parsed.error.issues[0]?.message ?? 'invalid'}`;
    }
    if (reason) out.rejected[e.id] = reason;
  }
  return out;
}
