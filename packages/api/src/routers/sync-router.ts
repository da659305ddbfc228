import { sql } from 'kysely';
import { z } from 'zod';
import { applyEntries } from '../sync/apply-entries.ts';
import type { Context } from '../trpc/context.ts';
import { nodeProcedure, officerProcedure, router } from '../trpc/trpc.ts';

const seq = z.number().int().min(0);

/**
 * Keeps the audit head a push carries, in the push's transaction. A head that does not verify is
 * logged and dropped, never the entries with it: a savepoint keeps the push whole whatever happens.
 */
async function witnessCarriedHead(ctx: Context & { peer: string }, jws: string): Promise<void> {
  await sql`savepoint carried_head`.execute(ctx.db);
  try {
    await ctx.services.reconcile.headAnchor(ctx.db, ctx.peer, jws);
  } catch (err) {
    await sql`rollback to savepoint carried_head`.execute(ctx.db);
    ctx.log.warn({ peer: ctx.peer, err: (err as Error).message }, 'audit head carried by a push not kept');
  }
  await sql`release savepoint carried_head`.execute(ctx.db);
}

export const syncRouter = router({
  /**
   * A peer pushes its link to us, in order, with its signed audit head (`auditHead`, kept as its
   * witness as `reconcile.headAnchor` keeps it). Answers our head of that link.
   */
  push: nodeProcedure
    // The size is checked by applyEntries so an oversized batch gets BATCH_TOO_LARGE, not a schema error.
    .input(
      z
        .object({ entries: z.array(z.string().max(256 * 1024)), auditHead: z.string().max(4_096).optional() })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      const head = await applyEntries(ctx.db, ctx.services.sync.deps, ctx.peer, input.entries);
      if (input.auditHead) await witnessCarriedHead(ctx, input.auditHead);
      return head;
    }),

  /** A peer fetches entries of the link from us to it after `afterSeq`. */
  pull: nodeProcedure
    .input(
      z.object({
        afterSeq: seq,
        limit: z.number().int().min(1).max(500).default(200),
        link: z.object({ from: z.string(), to: z.string() }).optional(),
      }),
    )
    .query(({ ctx, input }) => ctx.services.sync.pull(ctx.peer, input)),

  /** Our view of both links we share with the calling peer. */
  heads: nodeProcedure.query(({ ctx }) => ctx.services.sync.heads(ctx.peer)),

  /** Per-link delivery status for staff. */
  status: officerProcedure.query(({ ctx }) => ctx.services.sync.status()),

  /** Divergences, forged entries and other refused pushes, with evidence. */
  incidents: officerProcedure
    .input(
      z
        .object({
          peer: z.string().optional(),
          beforeId: z.number().int().positive().optional(),
          limit: z.number().int().min(1).max(200).default(50),
        })
        .prefault({}),
    )
    .query(({ ctx, input }) => ctx.services.sync.incidents(input)),
});
