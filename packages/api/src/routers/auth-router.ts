import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from '../auth/password-policy.ts';
import { officerProcedure, publicProcedure, router } from '../trpc/trpc.ts';

export const authRouter = router({
  /** Sign in with username and password; returns a short-lived officer token (Bearer). */
  login: publicProcedure
    // Its failure counters must outlast the refusal, so they commit on their own: no call transaction.
    .meta({ transaction: false })
    .input(z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }))
    .mutation(({ ctx, input }) => {
      ctx.audit.actorId = input.username;
      return ctx.services.auth.login(input.username, input.password, ctx.clientAddress);
    }),

  /**
   * Changes the caller's password, given the current one (throttled as a sign-in is). The new one
   * needs 10 characters and may not be a common password (WEAK_PASSWORD). Every earlier token of
   * the officer is refused from then on; the answer is a new sign-in.
   */
  changePassword: officerProcedure
    // A wrong current password is counted against the throttle, whatever becomes of the call.
    .meta({ transaction: false })
    .input(
      z.object({
        currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
        newPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.auth.changePassword(
        ctx.officer!,
        input.currentPassword,
        input.newPassword,
        ctx.clientAddress,
      ),
    ),

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
