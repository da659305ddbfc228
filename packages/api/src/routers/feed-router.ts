import { z } from 'zod';
import { followRecordChanges } from '../records/feed/live-feed.ts';
import { officerProcedure, router } from '../trpc/trpc.ts';

export const feedRouter = router({
  /**
   * Live changes of records concerning the officer's station, over SSE. Reconnecting with the last
   * event id resumes where the client left off.
   */
  live: officerProcedure
    .input(
      z
        .object({
          lastEventId: z
            .string()
            .regex(/^\d{1,15}$/, 'an event id (digits)')
            .nullish(),
        })
        .prefault({}),
    )
    .subscription(({ ctx, input, signal }) =>
      followRecordChanges({
        db: ctx.services.db,
        records: ctx.services.records,
        nodeId: ctx.services.config.nodeId,
        officer: ctx.officer!,
        lastEventId: input.lastEventId,
        signal,
      }),
    ),
});
