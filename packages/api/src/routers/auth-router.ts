import { z } from 'zod';
import { officerProcedure, publicProcedure, router } from '../trpc/trpc.ts';

export const authRouter = router({
  /** Sign in with username and password; returns a short-lived officer token (Bearer). */
  login: publicProcedure
    // Its failure counters must outlast the refusal, so they commit on their own: no call transaction.
    .meta({ transaction: false })
    .input(z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }))
    .mutation(({ ctx, input }) => {
      ctx.audit.actorId = input.username;
      return ctx.services.auth.login(input.username, input.password);
    }),

  /**
   * A new token for the caller, while the sign-in is under `auth.sessionHours` old and the account
   * enabled (SESSION_EXPIRED otherwise): a duty desk stays signed in through a shift without the
   * password, and every token stays short-lived.
   */
  refresh: officerProcedure
    .meta({ transaction: false })
    .mutation(({ ctx }) => ctx.services.auth.refresh(ctx.bearer ?? '')),

  /** Who the token belongs to. */
  me: officerProcedure.query(({ ctx }) => ({ ...ctx.officer, node: ctx.services.config.nodeId })),
});
