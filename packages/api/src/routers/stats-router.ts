import { z } from 'zod';
import { compareFigures, ownFigures } from '../stats/stats-compare.ts';
import { nodeProcedure, officerProcedure, router } from '../trpc/trpc.ts';

const day = z.iso.date();
const summaryInput = z
  .object({ from: day, to: day, groupBy: z.enum(['station', 'week', 'month']).optional() })
  .strict();
const periodInput = z.object({ from: day, to: day }).strict();

export const statsRouter = router({
  /** Joint figures for a period (dates inclusive, China Standard Time), optionally per station, week or month. */
  summary: officerProcedure.input(summaryInput).query(({ ctx, input }) => ctx.services.stats.summary(input)),
  /** The same as CSV (UTF-8 with BOM), labels in Chinese and English. */
  export: officerProcedure.input(summaryInput).query(({ ctx, input }) => ctx.services.stats.export(input)),
  /** Our totals for a period beside each partner's, read from the partner, with whether they agree. */
  compare: officerProcedure.input(periodInput).query(({ ctx, input }) => compareFigures(ctx.services, input)),
  /** Peer only: our totals for a period and their digest, for the partner's `compare`. */
  figures: nodeProcedure.input(periodInput).query(({ ctx, input }) => ownFigures(ctx.services, input)),
});
