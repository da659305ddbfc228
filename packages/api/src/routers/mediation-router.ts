import { z } from 'zod';
import { invalidInput } from '../errors/index.ts';
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
import type { Context } from '../trpc/context.ts';
import { officerProcedure, router } from '../trpc/trpc.ts';

const recordId = z.object({ id: z.uuid() });

/**
 * A step on an existing record: `{ id, ...data }` → `run(ctx, id, data)`. The data schema is applied
 * again on its own so its cross-field rules (e.g. a referral names where it went) answer INVALID_INPUT.
 */
function step<S extends z.ZodObject, R>(
  data: S,
  run: (ctx: Context, id: string, data: z.output<S>) => Promise<R>,
) {
  return officerProcedure.input(recordId.extend(data.shape).strict()).mutation(({ ctx, input }) => {
    const { id, ...rest } = input as { id: string } & Record<string, unknown>;
    ctx.audit.recordIds.push(id);
    const parsed = data.safeParse(rest);
    if (!parsed.success)
      throw invalidInput(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    return run(ctx, id, parsed.data);
  });
}

/** A step whose data becomes the event as is. */
const act = <S extends z.ZodObject>(action: PlainMediationAction, data: S) =>
  step(data, (ctx, id, d) => ctx.services.mediation.act(ctx.db, ctx.officer!, id, action, d));

export const mediationRouter = router({
  open: officerProcedure.input(openInputSchema).mutation(async ({ ctx, input }) => {
    const record = await ctx.services.mediation.open(ctx.db, ctx.officer!, input);
    ctx.audit.recordIds.push(record.id);
    return record;
  }),
  addParty: act('add_party', partySchema),
  addMediator: act('add_mediator', mediatorSchema),
  recordSession: act('record_session', sessionSchema),
  proposeAgreement: step(proposeInputSchema, (ctx, id, d) =>
    ctx.services.mediation.proposeAgreement(ctx.db, ctx.officer!, id, d.terms),
  ),
  signAgreement: act('sign_agreement', signSchema),
  recordOutcome: step(outcomeInputSchema, (ctx, id, d) =>
    ctx.services.mediation.recordOutcome(ctx.db, ctx.officer!, id, d),
  ),
  recordFollowUp: act('record_follow_up', followUpSchema),

  /** State, signatures, follow-up and the signed timeline; personal data, so the read is audited with the id. */
  get: officerProcedure.input(recordId).query(({ ctx, input }) => {
    ctx.audit.recordIds.push(input.id);
    return ctx.services.mediation.get(ctx.db, ctx.officer!, input.id);
  }),

  list: officerProcedure
    .input(
      z
        .object({
          disputeType: z.enum(DISPUTE_TYPES).optional(),
          status: z.array(z.string().max(30)).max(10).optional(),
          followUpOverdue: z.boolean().optional(),
          station: z.string().max(63).optional(),
          text: z.string().trim().min(1).max(200).optional(),
          cursor: z.string().max(200).optional(),
          limit: z.number().int().min(1).max(200).default(50),
        })
        .strict()
        .prefault({}),
    )
    .query(({ ctx, input }) => ctx.services.mediation.list(ctx.db, input)),
});
