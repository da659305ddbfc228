import { z } from 'zod';
import { officerProcedure, router } from '../trpc/trpc.ts';

export const auditRouter = router({
  /** Audit rows, newest first, filterable; page with `beforeId`. */
  list: officerProcedure
    .input(
      z
        .object({
          procedure: z.string().max(100).optional(),
          actorId: z.string().max(100).optional(),
          recordId: z.string().max(100).optional(),
          outcome: z.enum(['ok', 'refused', 'error']).optional(),
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
          beforeId: z.number().int().positive().optional(),
          limit: z.number().int().min(1).max(500).default(100),
        })
        .prefault({}),
    )
    .query(({ ctx, input }) =>
      ctx.services.audit.list({
        ...input,
        from: input.from ? new Date(input.from) : undefined,
        to: input.to ? new Date(input.to) : undefined,
      }),
    ),

  /** Recomputes the hash chain; ok, or the first broken row and why. */
  verify: officerProcedure.query(({ ctx }) => ctx.services.audit.verify()),
});
