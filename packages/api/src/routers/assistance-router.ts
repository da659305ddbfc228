import { z } from 'zod';
import type { AssistanceAction } from '../records/assistance/assistance-actions.ts';
import {
  CATEGORIES,
  closeSchema,
  completeSchema,
  fileInputSchema,
  infoSchema,
  PRIORITIES,
  reasonSchema,
  remarkSchema,
} from '../records/assistance/assistance-data.ts';
import { officerProcedure, router } from '../trpc/trpc.ts';

const recordId = z.object({ id: z.uuid() });

/** A step on an existing request: `{ id, ...data }` → the event `action` with that data. */
function step<S extends z.ZodObject>(action: Exclude<AssistanceAction, 'file'>, data: S) {
  return officerProcedure.input(recordId.extend(data.shape).strict()).mutation(({ ctx, input }) => {
    const { id, ...rest } = input as { id: string } & Record<string, unknown>;
    ctx.audit.recordIds.push(id);
    return ctx.services.assistance.act(ctx.db, ctx.officer!, id, action, data.parse(rest));
  });
}

export const assistanceRouter = router({
  file: officerProcedure.input(fileInputSchema).mutation(async ({ ctx, input }) => {
    const request = await ctx.services.assistance.file(ctx.db, ctx.officer!, input);
    ctx.audit.recordIds.push(request.id);
    return request;
  }),
  acknowledge: step('acknowledge', remarkSchema),
  start: step('start', remarkSchema),
  requestInfo: step('request_info', infoSchema),
  provideInfo: step('provide_info', infoSchema),
  complete: step('complete', completeSchema),
  decline: step('decline', reasonSchema),
  withdraw: step('withdraw', reasonSchema),
  close: step('close', closeSchema),

  /** State, deadlines and the signed timeline; personal data, so the read is audited with the record id. */
  get: officerProcedure.input(recordId).query(({ ctx, input }) => {
    ctx.audit.recordIds.push(input.id);
    return ctx.services.assistance.get(ctx.db, ctx.officer!, input.id);
  }),

  list: officerProcedure
    .input(
      z
        .object({
          direction: z.enum(['inbound', 'outbound']).optional(),
          status: z.array(z.string().max(30)).max(10).optional(),
          priority: z.enum(PRIORITIES).optional(),
          category: z.enum(CATEGORIES).optional(),
          station: z.string().max(63).optional(),
          overdue: z.boolean().optional(),
          text: z.string().trim().min(1).max(200).optional(),
          cursor: z.string().max(200).optional(),
          limit: z.number().int().min(1).max(200).default(50),
        })
        .strict()
        .prefault({}),
    )
    .query(({ ctx, input }) => ctx.services.assistance.list(ctx.db, input)),
});
