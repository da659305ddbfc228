import { z } from 'zod';
import { officerProcedure, router } from '../trpc/trpc.ts';

const day = z.iso.date();
const summaryInput = z
  .object({ from: day, to: day, groupBy: z.enum(['station', 'week', 'month']).optional() })
  .strict();

export const statsRouter = router({
  /** Joint figures for a period (dates inclusive, China Standard Time), optionally per station, week or month. */
  summary: officerProcedure.input(summaryInput).query(({ ctx, input }) => ctx.services.stats.summary(input)),
  /** The same as CSV (UTF-8 with BOM), labels in Chinese and English. */
  export: officerProcedure.input(summaryInput).query(({ ctx, input }) => ctx.services.stats.export(input)),
});
