import { z } from 'zod';
import { issueInputSchema, NOTICE_KINDS } from '../records/notice/notice-data.ts';
import { notice } from '../records/notice/notice-type.ts';
import type { EffectiveNoticeStatus } from '../records/notice/review.ts';
import { officerProcedure, router } from '../trpc/trpc.ts';
import { authoringProcedure, getRecord, listed, listInput, revealRecord } from './record-procedures.ts';
import { recordSteps } from './record-router.ts';

export const noticeRouter = router({
  issue: authoringProcedure.input(issueInputSchema).mutation(async ({ ctx, input }) => {
    const record = await ctx.services.notices.issue(ctx.db, ctx.officer, input);
    ctx.audit.recordIds.push(record.id);
    return record;
  }),
  /** update, reportSighting, reportLocated, confirm, resolve, renew: from the declaration. */
  ...recordSteps(notice, (ctx) => ctx.services.notices),

  /** Subject masked; still personal data, so the read is audited with the record id. */
  get: getRecord((ctx, id) => ctx.services.notices.get(ctx.db, ctx.officer, id)),

  /** The full subject, for a reason kept in the audit row (see `revealRecord`). */
  reveal: revealRecord((ctx, id) => ctx.services.notices.reveal(ctx.db, ctx.officer, id)),

  list: officerProcedure
    .input(
      listInput({
        kind: z.enum(NOTICE_KINDS).optional(),
        // The effective status: `lapsed` is derived at read time (records/notice/review.ts).
        status: z.enum(['active', 'lapsed', 'resolved'] satisfies EffectiveNoticeStatus[]).optional(),
        direction: z.enum(['inbound', 'outbound']).optional(),
      }),
    )
    .query(({ ctx, input }) => listed(ctx, ctx.services.notices.list(ctx.db, input))),
});
