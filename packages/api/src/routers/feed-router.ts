import { z } from 'zod';
import { FEED_EVENT_ID, followRecordChanges } from '../records/feed/live-feed.ts';
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
          lastEventId: z.string().regex(FEED_EVENT_ID, 'an event id of this feed').nullish(),
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
