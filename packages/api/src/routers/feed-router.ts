import { z } from 'zod';
import { FEED_EVENT_ID, followRecordChanges } from '../records/feed/live-feed.ts';
import { officerProcedure, router } from '../trpc/trpc.ts';

export const feedRouter = router({
  /**
   * Live changes of records concerning the officer's station, over SSE: each message carries the
   * changes one read found (`changes`, each with its own `eventId`), its id the last one's.
   * Reconnecting with the last event id resumes where the client left off. Each change is sent only
   * while the officer's account is enabled.
   */
  live: officerProcedure
    .input(
      z
        .object({
          lastEventId: z.string().regex(FEED_EVENT_ID, 'an event id of this feed').nullish(),
        })
        .prefault({}),
    )
    .subscription(async function* ({ ctx, input, signal }) {
      const { officer } = ctx;
      const changes = followRecordChanges({
        db: ctx.services.db,
        records: ctx.services.records,
        nodeId: ctx.services.config.nodeId,
        officer,
        lastEventId: input.lastEventId,
        signal,
        changes: ctx.services.recordChanges,
        reads: ctx.services.reads,
      });
      for await (const batch of changes) {
        // A feed outlives the call that opened it: an account disabled (or signed out by a password
        // reset) since is sent nothing more, and the feed ends with ACCOUNT_DISABLED (TOKEN_INVALID).
        await ctx.services.officers.admit(officer);
        yield batch;
      }
    }),
});
