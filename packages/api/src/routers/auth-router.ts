import { z } from 'zod';
import type { LoginResult } from '../auth/auth-service.ts';
import { MAX_PASSWORD_LENGTH } from '../auth/password-policy.ts';
import { TiemengError } from '../errors/index.ts';
import { clearedSessionCookie, sessionCookie } from '../http/console-session.ts';
import type { Context } from '../trpc/context.ts';
import { officerProcedure, publicProcedure, router } from '../trpc/trpc.ts';

const credentials = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });

/** The console's own sign-ins come from its page only (a cross-site form could otherwise sign a browser in). */
function assertConsolePage(ctx: Context): void {
  if (!ctx.console.sameOrigin) throw new TiemengError('CSRF_REFUSED');
}

/**
 * Puts a sign-in's token in the session cookie, kept by the browser no longer than a token lasts;
 * the answer holds no token.
 */
function intoCookie(ctx: Context, result: LoginResult) {
  const { token, ...rest } = result;
  ctx.console.setCookie = sessionCookie(token, ctx.services.config.auth.tokenTtlSeconds, ctx.console.secure);
  return rest;
}

export const authRouter = router({
  /** Sign in with username and password; returns a short-lived officer token (Bearer). */
  login: publicProcedure
    // Its failure counters must outlast the refusal, so they commit on their own: no call transaction.
    .meta({ transaction: false })
    .input(credentials)
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
        ctx.officer,
        input.currentPassword,
        input.newPassword,
        ctx.clientAddress,
      ),
    ),

  /**
   * The console's sign-in: the same check (and throttling) as `login`, but the token goes into an
   * httpOnly, SameSite=Strict cookie that page scripts cannot read.
   */
  consoleLogin: publicProcedure
    .meta({ transaction: false })
    .input(credentials)
    .mutation(async ({ ctx, input }) => {
      ctx.audit.actorId = input.username;
      assertConsolePage(ctx);
      return intoCookie(
        ctx,
        await ctx.services.auth.login(input.username, input.password, ctx.clientAddress),
      );
    }),

  /** Renews the console's cookie within the sign-in's session hours, as `refresh` does a bearer token. */
  consoleRefresh: officerProcedure.meta({ transaction: false }).mutation(async ({ ctx }) => {
    const token = ctx.console.sessionToken;
    if (!token || ctx.bearer)
      throw new TiemengError('UNAUTHENTICATED', {
        message: 'consoleRefresh renews the console cookie; renew a bearer token with auth.refresh',
      });
    return intoCookie(ctx, await ctx.services.auth.refresh(token));
  }),

  /** Signs the console out: clears its cookie (the token itself simply runs out within minutes). */
  consoleLogout: publicProcedure.mutation(({ ctx }) => {
    assertConsolePage(ctx);
    ctx.console.setCookie = clearedSessionCookie(ctx.console.secure);
    return { ok: true as const };
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
