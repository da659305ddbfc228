import { z } from 'zod';
import { nodeProcedure, officerProcedure, router } from '../trpc/trpc.ts';

/** Record ids as UUID-shaped text (any version: reconciliation compares whatever rows exist). */
const recordIds = (max: number) => z.array(z.guid()).max(max);
const hex = (max: number) => z.string().regex(new RegExp(`^[0-9a-f]{0,${max}}$`));
const packed = (max: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/)
    .max(max);
/** Most record ids an audit row lists for one run. */
const AUDITED_IDS = 1_000;

export const reconcileRouter = router({
  /** Reconciles with a peer now (default: the only peer) and answers the stored report. */
  run: officerProcedure
    // A run takes seconds, talks to the peer and stores its report itself: no call transaction.
    .meta({ transaction: false })
    .input(
      z
        .object({ peer: z.string().max(64).optional() })
        .strict()
        .prefault({}),
    )
    .mutation(async ({ ctx, input }) => {
      const { officer } = ctx;
      const report = await ctx.services.reconcile.run({
        peer: input.peer,
        startedBy: { type: 'officer', id: officer.officerId, username: officer.username },
      });
      ctx.audit.recordIds.push(...report.differences.slice(0, AUDITED_IDS).map((d) => d.recordId));
      return report;
    }),

  /** Stored runs, newest first; page with `beforeId`. */
  reports: officerProcedure
    .input(
      z
        .object({
          peer: z.string().max(64).optional(),
          beforeId: z.number().int().positive().optional(),
          limit: z.number().int().min(1).max(200).default(20),
        })
        .strict()
        .prefault({}),
    )
    .query(({ ctx, input }) => ctx.services.reconcile.reports(input)),

  /** One run in full: links, per-phase costs, every difference and how it was resolved, anchors. */
  report: officerProcedure
    .input(z.object({ id: z.number().int().positive() }).strict())
    .query(({ ctx, input }) => ctx.services.reconcile.report(input.id)),

  /**
   * A peer's set-reconciliation message over the records we share with it. A mutation only so the
   * body travels as POST (a message can outgrow a URL); it changes nothing.
   */
  exchange: nodeProcedure
    .meta({ transaction: false })
    .input(
      z
        .object({
          ranges: z
            .array(
              z.union([
                z.object({ p: hex(15), f: packed(512) }).strict(),
                z.object({ p: hex(16), i: packed(256 * 1024) }).strict(),
              ]),
            )
            .max(4_096),
        })
        .strict(),
    )
    .mutation(({ ctx, input }) => ctx.services.reconcile.exchange(ctx.peer, input)),

  /**
   * A peer compares records whose fingerprints differ: we restore the listed events from our signed
   * link entries, refold what is stale, and describe each record shared with it.
   */
  inspect: nodeProcedure
    .input(z.object({ ids: recordIds(500), restore: recordIds(10_000).default([]) }).strict())
    .mutation(async ({ ctx, input }) => {
      const result = await ctx.services.reconcile.inspect(ctx.db, ctx.peer, input.ids, input.restore);
      ctx.audit.recordIds.push(...result.repaired);
      return result;
    }),

  /**
   * Records shared with the calling peer that lost an event row here while we keep its signed entry,
   * so the peer's run covers both sides.
   */
  lost: nodeProcedure.meta({ transaction: false }).query(({ ctx }) => ctx.services.reconcile.lost(ctx.peer)),

  /** A peer hands us its signed audit head (we keep it as witness) and gets ours. */
  anchor: nodeProcedure
    .input(z.object({ jws: z.string().max(4_096).nullable() }).strict())
    .mutation(({ ctx, input }) => ctx.services.reconcile.anchor(ctx.db, ctx.peer, input.jws)),

  /** A peer's signed audit head, sent at least every minute: we keep the newest as its witness. */
  headAnchor: nodeProcedure
    .input(z.object({ jws: z.string().max(4_096) }).strict())
    .mutation(({ ctx, input }) => ctx.services.reconcile.headAnchor(ctx.db, ctx.peer, input.jws)),

  /** The anchors of the calling peer's audit chain we hold, by row id, for its `audit.verify`. */
  anchors: nodeProcedure
    .input(
      z
        .object({
          afterRowId: z.number().int().min(0).default(0),
          limit: z.number().int().min(1).max(500).default(500),
        })
        .strict()
        .prefault({}),
    )
    .query(({ ctx, input }) => ctx.services.reconcile.anchors(ctx.peer, input)),
});
