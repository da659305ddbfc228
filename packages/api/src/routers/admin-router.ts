import { z } from 'zod';
import { ROLES } from '../auth/roles.ts';
import { text } from '../records/event-data.ts';
import { officerProcedure, router } from '../trpc/trpc.ts';

const slug = z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, 'lowercase letters, digits and dashes');

export const adminRouter = router({
  keys: router({
    /** Adds a new signing key; older keys stop signing but keep verifying (still in the JWKS). */
    rotate: officerProcedure.meta({ transaction: false }).mutation(async ({ ctx }) => {
      const kid = await ctx.services.keys.rotate();
      ctx.audit.recordIds.push(kid);
      return { kid, keys: ctx.services.keys.jwks.keys.map((k) => k.kid) };
    }),
  }),

  stations: router({
    list: officerProcedure.query(({ ctx }) => ctx.services.admin.stations.list()),
    create: officerProcedure
      .input(
        z.object({
          id: slug,
          nodeId: slug,
          nameZh: text(100),
          nameEn: text(100),
          province: text(50),
        }),
      )
      .mutation(({ ctx, input }) => {
        ctx.audit.recordIds.push(input.id);
        return ctx.services.admin.stations.create(ctx.db, input);
      }),
    disable: officerProcedure.input(z.object({ id: slug })).mutation(({ ctx, input }) => {
      ctx.audit.recordIds.push(input.id);
      return ctx.services.admin.stations.disable(ctx.db, input.id);
    }),
  }),

  officers: router({
    list: officerProcedure
      .input(
        z.object({ stationId: slug.optional(), includeDisabled: z.boolean().default(false) }).prefault({}),
      )
      .query(({ ctx, input }) => ctx.services.admin.officers.list(input)),
    create: officerProcedure
      .input(
        z.object({
          username: z
            .string()
            .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'lowercase letters, digits, dot, dash, underscore'),
          displayName: text(100),
          stationId: slug,
          roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
          password: z.string().min(10, 'at least 10 characters').max(256),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const officer = await ctx.services.admin.officers.create(ctx.db, input);
        ctx.audit.recordIds.push(officer.id);
        return officer;
      }),
    disable: officerProcedure
      .input(z.object({ username: z.string().min(1).max(64) }))
      .mutation(async ({ ctx, input }) => {
        const officer = await ctx.services.admin.officers.disable(ctx.db, input.username);
        ctx.audit.recordIds.push(officer.id);
        return officer;
      }),
    /**
     * Gives the officer a one-time password (answered once, here): every token of theirs is refused
     * from now on, and after signing in with it they may only change it (PASSWORD_CHANGE_REQUIRED).
     */
    resetPassword: officerProcedure
      .input(z.object({ username: z.string().min(1).max(64) }))
      .mutation(async ({ ctx, input }) => {
        const reset = await ctx.services.admin.officers.resetPassword(ctx.db, input.username);
        ctx.audit.recordIds.push(reset.officer.id);
        return reset;
      }),
    /** Clears the sign-in throttling that holds the account, from every address. */
    unlock: officerProcedure
      .input(z.object({ username: z.string().min(1).max(64) }))
      .mutation(async ({ ctx, input }) => {
        const unlocked = await ctx.services.admin.officers.unlock(ctx.db, input.username);
        ctx.audit.recordIds.push(unlocked.officer.id);
        return unlocked;
      }),
    /** Replaces the officer's roles; they apply from the officer's next call. */
    setRoles: officerProcedure
      .input(
        z.object({
          username: z.string().min(1).max(64),
          roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const officer = await ctx.services.admin.officers.setRoles(ctx.db, input.username, input.roles);
        ctx.audit.recordIds.push(officer.id);
        return officer;
      }),
  }),
});
