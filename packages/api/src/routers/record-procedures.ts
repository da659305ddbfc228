/** The procedures every record router wires the same way: steps on a record, `get`, and list inputs. */
import { z } from 'zod';
import { invalidInput } from '../errors/index.ts';
import { text } from '../records/event-data.ts';
import type { OfficerContext } from '../trpc/context.ts';
import { officerProcedure } from '../trpc/trpc.ts';

export const recordIdInput = z.object({ id: z.uuid() });

/**
 * An officer's mutation that authors one event (a new record, or a step on one): the node's append
 * sequencer commits the event with the call's audit row, grouped with other filings (see `CallMeta`).
 */
export const authoringProcedure = officerProcedure.meta({ transaction: 'event' });

/**
 * A step on an existing record: `{ id, ...data }` → `run(ctx, id, data)`, the record id noted for
 * the audit row. The data schema is applied again on its own so its cross-field rules (e.g. a
 * referral names where it went) answer INVALID_INPUT.
 */
export function step<S extends z.ZodObject, R>(
  data: S,
  run: (ctx: OfficerContext, id: string, data: z.output<S>) => Promise<R>,
) {
  // Typed from `S` itself: extending a generic shape would type the input as a bare record.
  const input = recordIdInput.extend(data.shape).strict() as unknown as z.ZodType<
    { id: string } & z.output<S>,
    { id: string } & z.input<S>
  >;
  return authoringProcedure.input(input).mutation(({ ctx, input }) => {
    const { id, ...rest } = input;
    ctx.audit.recordIds.push(id);
    const parsed = data.safeParse(rest);
    if (!parsed.success)
      throw invalidInput(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    return run(ctx, id, parsed.data);
  });
}

/**
 * Reveals what reads mask (a subject's full ID number, a photo reference), to duty and command
 * staff, for a stated reason. The audit row names the record and keeps the reason in its note,
 * covered by its hash, where auditors read it (`audit.list`). A mutation although it changes
 * nothing: the reason then travels in a POST body, never in a URL that proxies might log.
 */
export function revealRecord<R>(reveal: (ctx: OfficerContext, id: string) => Promise<R>) {
  return officerProcedure
    .input(recordIdInput.extend({ reason: text(500) }).strict())
    .mutation(({ ctx, input }) => {
      ctx.audit.recordIds.push(input.id);
      ctx.audit.note = input.reason;
      return reveal(ctx, input.id);
    });
}

/** Reads one record by id; personal data, so the read is audited with the record id. */
export function getRecord<R>(read: (ctx: OfficerContext, id: string) => Promise<R>) {
  return officerProcedure.input(recordIdInput).query(({ ctx, input }) => {
    ctx.audit.recordIds.push(input.id);
    return read(ctx, input.id);
  });
}

/**
 * A page of a list of records, its records' ids noted for the audit row: a list shows personal
 * data (names, summaries), so who saw which records is traced as for `get`.
 */
export async function listed<P extends { items: readonly { id: string }[] }>(
  ctx: OfficerContext,
  page: Promise<P>,
): Promise<P> {
  const answer = await page;
  ctx.audit.recordIds.push(...answer.items.map((item) => item.id));
  return answer;
}

/**
 * A list's input: its own `filters`, the station and text filters and paging every list has, and
 * all of it optional. `afterStation` holds filters checked between station and text, which keeps the
 * order in which a list reports its invalid fields.
 */
export function listInput<F extends z.ZodRawShape, A extends z.ZodRawShape = Record<never, never>>(
  filters: F,
  afterStation?: A,
) {
  return (
    z
      .object({
        ...filters,
        station: z.string().max(63).optional(),
        ...(afterStation as A),
        text: z.string().trim().min(1).max(200).optional(),
        cursor: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict()
      // Every filter is optional, so `{}` is valid input; tsc cannot see that through a generic shape.
      .prefault({} as never)
  );
}
