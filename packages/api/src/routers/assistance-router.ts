import { z } from 'zod';
import { CATEGORIES, fileInputSchema, PRIORITIES } from '../records/assistance/assistance-data.ts';
import { assistance } from '../records/assistance/assistance-type.ts';
import { officerProcedure, router } from '../trpc/trpc.ts';
import { authoringProcedure, getRecord, listInput, revealRecord } from './record-procedures.ts';
import { recordSteps } from './record-router.ts';

export const assistanceRouter = router({
  file: authoringProcedure.input(fileInputSchema).mutation(async ({ ctx, input }) => {
    const request = await ctx.services.assistance.file(ctx.db, ctx.officer, input);
    ctx.audit.recordIds.push(request.id);
    return request;
  }),
  /** acknowledge, start, requestInfo, provideInfo, complete, decline, withdraw, close: from the declaration. */
  ...recordSteps(assistance, (ctx) => ctx.services.assistance),

  /** State, deadlines and the signed timeline; personal data, so the read is audited with the record id. */
  get: getRecord((ctx, id) => ctx.services.assistance.get(ctx.db, ctx.officer, id)),

  /** The persons' full ID numbers, for a reason kept in the audit row (see `revealRecord`). */
  reveal: revealRecord((ctx, id) => ctx.services.assistance.reveal(ctx.db, ctx.officer, id)),

  list: officerProcedure
    .input(
      listInput(
        {
          direction: z.enum(['inbound', 'outbound']).optional(),
          status: z.array(z.enum(assistance.statuses)).max(10).optional(),
          priority: z.enum(PRIORITIES).optional(),
          category: z.enum(CATEGORIES).optional(),
        },
        {
          overdue: z.boolean().optional(),
          /** `urgency`: urgent and overdue first, then urgent, then overdue, each newest first. */
          order: z.enum(['newest', 'urgency']).optional(),
        },
      ),
    )
    // Titles and routing only: a request's details are read with `get`, audited with its id. Noting
    // every listed id here cost the busiest read a sixth of its throughput (see README, Audit).
    .query(({ ctx, input }) => ctx.services.assistance.list(ctx.db, input)),
});
