import { z } from 'zod';
import { MEDIATION_STATUSES } from '../records/mediation/mediation-actions.ts';
import {
  DISPUTE_TYPES,
  followUpSchema,
  mediatorSchema,
  openInputSchema,
  outcomeInputSchema,
  partySchema,
  proposeInputSchema,
  sessionSchema,
  signSchema,
} from '../records/mediation/mediation-data.ts';
import type { PlainMediationAction } from '../records/mediation/mediation-service.ts';
import { officerProcedure, router } from '../trpc/trpc.ts';
import { authoringProcedure, getRecord, listed, listInput, step } from './record-procedures.ts';

/** A step whose data becomes the event as is. */
const act = <S extends z.ZodObject>(action: PlainMediationAction, data: S) =>
  step(data, (ctx, id, d) => ctx.services.mediation.act(ctx.db, ctx.officer, id, action, d));

export const mediationRouter = router({
  open: authoringProcedure.input(openInputSchema).mutation(async ({ ctx, input }) => {
    const record = await ctx.services.mediation.open(ctx.db, ctx.officer, input);
    ctx.audit.recordIds.push(record.id);
    return record;
  }),
  addParty: act('add_party', partySchema),
  addMediator: act('add_mediator', mediatorSchema),
  recordSession: act('record_session', sessionSchema),
  proposeAgreement: step(proposeInputSchema, (ctx, id, d) =>
    ctx.services.mediation.proposeAgreement(ctx.db, ctx.officer, id, d.terms),
  ),
  signAgreement: act('sign_agreement', signSchema),
  recordOutcome: step(outcomeInputSchema, (ctx, id, d) =>
    ctx.services.mediation.recordOutcome(ctx.db, ctx.officer, id, d),
  ),
  recordFollowUp: act('record_follow_up', followUpSchema),

  /** State, signatures, follow-up and the signed timeline; personal data, so the read is audited with the id. */
  get: getRecord((ctx, id) => ctx.services.mediation.get(ctx.db, ctx.officer, id)),

  list: officerProcedure
    .input(
      listInput({
        disputeType: z.enum(DISPUTE_TYPES).optional(),
        status: z.array(z.enum(MEDIATION_STATUSES)).max(10).optional(),
        followUpOverdue: z.boolean().optional(),
      }),
    )
    .query(({ ctx, input }) => listed(ctx, ctx.services.mediation.list(ctx.db, input))),
});
