import { z } from 'zod';
import { officerProcedure, publicProcedure, router } from '../trpc/trpc.ts';

export const authRouter = router({
  /** Sign in with username and password; returns a short-lived officer token (Bearer). */
  login: publicProcedure
    .input(z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }))
    .mutation(({ ctx, input }) => {
      ctx.audit.actorId = input.username;
      return ctx.services.auth.login(input.username, input.password);
    }),

  /** Who the token belongs to. */
  me: officerProcedure.query(({ ctx }) => ({ ...ctx.officer, node: ctx.services.config.nodeId })),
});
