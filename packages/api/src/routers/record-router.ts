import type { z } from 'zod';
import { type InputOf, officerInputSchema } from '../records/officer-input.ts';
import type { ActionsOf, AnyDeclared, RecordService, StepOf } from '../records/record-service.ts';
import type { OfficerContext } from '../trpc/context.ts';
import { step } from './record-procedures.ts';

type StepProcedure<D, R> = D extends z.ZodObject ? ReturnType<typeof step<D, R>> : never;

/** The step procedures of a declared record type, keyed by procedure name. */
export type RecordSteps<T extends AnyDeclared, Svc extends RecordService<T>> = {
  [P in keyof T['procedures']]: StepProcedure<
    InputOf<ActionsOf<T>[T['procedures'][P]]>,
    Awaited<ReturnType<Svc['get']>>
  >;
};

/**
 * One procedure per step of a declared record type (its `procedures`): `{ id, ...input }` with the
 * action's own data schema (or its officer input, see records/officer-input.ts), run by the type's
 * service, which checks side and station first.
 *
 * @example
 * export const assistanceRouter = router({ ...recordSteps(assistance, (ctx) => ctx.services.assistance), … });
 */
export function recordSteps<T extends AnyDeclared, Svc extends RecordService<T>>(
  declared: T,
  service: (ctx: OfficerContext) => Svc,
): RecordSteps<T, Svc> {
  const procedures: Record<string, StepOf<T>> = declared.procedures;
  const stepFor = <N extends StepOf<T>>(action: N) => {
    const spec: { data: ActionsOf<T>[N] } | undefined = declared.actions[action];
    if (!spec) throw new Error(`${declared.type}: procedure for undeclared action ${action}`);
    return step(officerInputSchema(spec.data), (ctx, id, input) =>
      service(ctx).act(ctx.db, ctx.officer, id, action, input),
    );
  };
  const steps = Object.entries(procedures).map(([name, action]) => [name, stepFor(action)]);
  // Built from the same table the type describes; Object.fromEntries cannot carry the keys' types.
  return Object.fromEntries(steps) as RecordSteps<T, Svc>;
}
