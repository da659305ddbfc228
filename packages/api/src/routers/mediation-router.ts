import { z } from 'zod';
import { DISPUTE_TYPES, openInputSchema } from '../records/mediation/mediation-data.ts';
import { mediation } from '../records/mediation/mediation-type.ts';
import { officerProcedure, router } from '../trpc/trpc.ts';
import { authoringProcedure, getRecord, listed, listInput } from './record-procedures.ts';
import { recordSteps } from './record-router.ts';

export const mediationRouter = router({
  open: authoringProcedure.input(openInputSchema).mutation(async ({ ctx, input }) => {
    const record = await ctx.services.mediation.open(ctx.db, ctx.officer, input);
    ctx.audit.recordIds.push(record.id);
    return record;
  }),
  /**
   * addParty, addMediator, recordSession, proposeAgreement, signAgreement, recordOutcome,
   * recordFollowUp: from the declaration (proposeAgreement and recordOutcome take the officer's
   * input, which the node completes with the terms hash and the follow-up period).
   */
  ...recordSteps(mediation, (ctx) => ctx.services.mediation),

  /** State, signatures, follow-up and the signed timeline; personal data, so the read is audited with the id. */
  get: getRecord((ctx, id) => ctx.services.mediation.get(ctx.db, ctx.officer, id)),

  list: officerProcedure
    .input(
      listInput({
        disputeType: z.enum(DISPUTE_TYPES).optional(),
        status: z.array(z.enum(mediation.statuses)).max(10).optional(),
        followUpOverdue: z.boolean().optional(),
      }),
    )
    .query(({ ctx, input }) => listed(ctx, ctx.services.mediation.list(ctx.db, input))),
});
