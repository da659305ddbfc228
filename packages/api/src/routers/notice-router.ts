import { z } from 'zod';
import type { NoticeAction } from '../records/notice/notice-actions.ts';
import {
  confirmSchema,
  issueInputSchema,
  locatedSchema,
  NOTICE_KINDS,
  renewSchema,
  resolveSchema,
  sightingSchema,
  updateSchema,
} from '../records/notice/notice-data.ts';
import { officerProcedure, router } from '../trpc/trpc.ts';
import { authoringProcedure, getRecord, listed, listInput, revealRecord, step } from './record-procedures.ts';

/** A step on an existing notice: `{ id, ...data }` → the event `action` with that data. */
const act = <S extends z.ZodObject>(action: Exclude<NoticeAction, 'issue'>, data: S) =>
  step(data, (ctx, id, d) => ctx.services.notices.act(ctx.db, ctx.officer, id, action, d));

export const noticeRouter = router({
  issue: authoringProcedure.input(issueInputSchema).mutation(async ({ ctx, input }) => {
    const notice = await ctx.services.notices.issue(ctx.db, ctx.officer, input);
    ctx.audit.recordIds.push(notice.id);
    return notice;
  }),
  update: act('update', updateSchema),
  reportSighting: act('sighting', sightingSchema),
  /** `kind`: located (missing person or fugitive) or intercepted (fugitive only). */
  reportLocated: act('report', locatedSchema),
  confirm: act('confirm', confirmSchema),
  resolve: act('resolve', resolveSchema),
  renew: act('renew', renewSchema),

  /** Subject masked; still personal data, so the read is audited with the record id. */
  get: getRecord((ctx, id) => ctx.services.notices.get(ctx.db, ctx.officer, id)),

  /** The full subject, for a reason kept in the audit row (see `revealRecord`). */
  reveal: revealRecord((ctx, id) => ctx.services.notices.reveal(ctx.db, ctx.officer, id)),

  list: officerProcedure
    .input(
      listInput({
        kind: z.enum(NOTICE_KINDS).optional(),
        status: z.enum(['active', 'lapsed', 'resolved']).optional(),
        direction: z.enum(['inbound', 'outbound']).optional(),
      }),
    )
    .query(({ ctx, input }) => listed(ctx, ctx.services.notices.list(ctx.db, input))),
});
