/**
 * tRPC setup, top to bottom: 1. initialisation (error shape), 2. the one middleware every call
 * passes (its audit row, its gate, its transaction), 3. the procedure builders routers use.
 */
import { initTRPC } from '@trpc/server';
import { appendAuditRow, appendAuditRowAlone } from '../audit/sql/append-audit-row.ts';
import { canonicalJson, sha256Hex } from '../crypto/hash.ts';
import { errorData, isRefusal, TiemengError, toTiemengError } from '../errors/index.ts';
import { withCallAudit } from '../events/append-audit.ts';
import { verifyNodeToken } from '../peer/node-token.ts';
import { type CallRow, callRow } from './audit-row.ts';
import type { AuditNotes, Context } from './context.ts';
import { inputProblem } from './input-guard.ts';
import { mayCall, permissions } from './permissions.ts';

/** What a procedure says about itself (`.meta(…)`). */
export interface CallMeta {
  /**
   * `false` for a mutation whose work commits on its own (sign-in counters, a new key, a
   * reconciliation run): the call then holds no transaction, and its audit row is written after it.
   */
  /**
   * `'event'` for a mutation that authors one event and writes nothing else: it holds no
   * transaction either, and the node's append sequencer commits the event together with the call's
   * audit row, in a group with whatever else is being filed (events/append-sequencer.ts).
   */
  transaction?: boolean | 'event';
}

// 1. Initialisation: plain JSON on the wire (no transformer) so any language can call us;
//    isDev false and our own formatter so no stack ever reaches a client.
const t = initTRPC
  .context<Context>()
  .meta<CallMeta>()
  .create({
    isDev: false,
    // SSE subscriptions ping so a client notices a dead connection and reconnects (resuming by event id).
    sse: { ping: { enabled: true, intervalMs: 10_000 }, client: { reconnectAfterInactivityMs: 25_000 } },
    errorFormatter({ shape, error, ctx }) {
      const err = toTiemengError(error);
      return {
        message: err.message,
        code: shape.code,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          requestId: ctx?.requestId,
          ...errorData(err),
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

// 2. Audit and admission: one row per call — reads, refusals and errors included. A mutation's row is written in
//    the same transaction as its change; a failed mutation rolls back and is audited alone.

/** A call's audit row as it stands, and whether its transaction has already committed it. */
interface CallAudit {
  row(): CallRow;
  committed: boolean;
}
/** What a gate needs of its call: the middleware's options, and the call's own audit notes. */
interface GateCall {
  ctx: Context;
  path: string;
  type: string;
  meta: CallMeta | undefined;
  getRawInput: () => Promise<unknown>;
  audit: AuditNotes;
}

/**
 * A procedure builder whose one middleware audits the call and admits its caller: `admit` answers
 * what the admitted caller adds to the context, or throws the refusal (audited like any failure).
 * One middleware rather than an audit level and a gate level: every level costs each call copies
 * of its options and context, a tenth of a read's CPU between them.
 */
function gated<Admitted extends Partial<Context>>(admit: (call: GateCall) => Promise<Admitted>) {
  return t.procedure.use(async ({ ctx, path, type, meta, next, getRawInput }) => {
    const { services } = ctx;
    const started = performance.now();
    const rawInput = await getRawInput().catch(() => undefined);
    const inputHash = inputHashOf(rawInput, ctx.rawBody);
    // The call's own notes: calls batched in one HTTP request share its context, not their audit rows.
    const audit: AuditNotes = { recordIds: [] };
    const call: CallAudit = { row: () => callRow(ctx, audit, path, inputHash), committed: false };

    const proceed = async () => {
      try {
        const admitted = await admit({ ctx, path, type, meta, getRawInput, audit });
        await assertCleanInput(getRawInput);
        return await inCallTransaction({ type, meta, call, db: ctx.db }, (db) =>
          next({ ctx: { ...admitted, audit, db } }),
        );
      } catch (err) {
        return { ok: false as const, error: toTiemengError(err) };
      }
    };
    const result =
      type === 'mutation' && meta?.transaction === 'event'
        ? await withCallAudit(eventCallAudit(call), proceed)
        : await proceed();
    const elapsed = performance.now() - started;
    const ms = Math.round(elapsed);
    if (result.ok) {
      if (!call.committed)
        await appendAuditRowAlone(services.db, { ...call.row(), outcome: 'ok', errorCode: null });
      services.metrics.call(path, 'ok', elapsed / 1000);
      ctx.log.info({ procedure: path, ms }, 'call ok');
      return result;
    }
    const error = toTiemengError(result.error);
    const outcome = isRefusal(error.appCode) ? 'refused' : 'error';
    // A change committed with its ok row stays in the trail: this row tells only that answering failed.
    const row = call.row();
    if (call.committed) row.note = row.note ? `${row.note}; ${FAILED_AFTER_COMMIT}` : FAILED_AFTER_COMMIT;
    await appendAuditRowAlone(services.db, { ...row, outcome, errorCode: error.appCode });
    services.metrics.call(path, outcome, elapsed / 1000);
    if (error.appCode === 'INTERNAL')
      ctx.log.error({ procedure: path, ms, err: error.cause ?? result.error }, 'call failed');
    else ctx.log.info({ procedure: path, ms, appCode: error.appCode }, `call ${outcome}`);
    // Thrown, so in-process callers see the same typed error as HTTP clients.
    throw error;
  });
}

/** The note of a call's second row when it failed after its change and first row were committed. */
export const FAILED_AFTER_COMMIT = 'failed after its change was committed (the ok row of this request)';

/** How the append sequencer writes a call's row with its event, and tells the call it did. */
function eventCallAudit(call: CallAudit) {
  return {
    row: (recordId: string) => {
      const row = call.row();
      // A record a call creates is noted once the call answers; its row is written before that.
      const recordIds = row.recordIds.includes(recordId) ? row.recordIds : [...row.recordIds, recordId];
      return { ...row, recordIds, outcome: 'ok' as const, errorCode: null };
    },
    committed: () => {
      call.committed = true;
    },
  };
}

class Rollback {
  readonly error: unknown;
  constructor(error: unknown) {
    this.error = error;
  }
}

/**
 * Runs the rest of the call (`proceed`, given the database handle to use) in the call's transaction
 * when it is a mutation, holding its change and its audit row; else on the node's pool. Opened only
 * once the gate has admitted the caller, as the gates use connections of their own: a call never
 * holds one connection while waiting for another, which enough calls at once (ten sign-ins) would do
 * forever.
 */
async function inCallTransaction<R extends { ok: boolean; error?: unknown }>(
  { type, meta, call, db }: { type: string; meta: CallMeta | undefined; call: CallAudit; db: Context['db'] },
  proceed: (db: Context['db']) => Promise<R>,
): Promise<R> {
  if (type !== 'mutation' || meta?.transaction === false || meta?.transaction === 'event') {
    return proceed(db);
  }
  try {
    const result = await db.transaction().execute(async (trx) => {
      const r = await proceed(trx);
      if (!r.ok) throw new Rollback(r.error);
      await appendAuditRow(trx, { ...call.row(), outcome: 'ok', errorCode: null });
      return r;
    });
    call.committed = true;
    return result;
  } catch (err) {
    // The call's own error, rolled back; anything else (a failed commit) is the call's error too.
    throw err instanceof Rollback ? err.error : err;
  }
}

/** The audit row's hash of the input: canonical JSON, or the raw body where the input cannot be canonicalised. */
function inputHashOf(rawInput: unknown, rawBody: string): string {
  try {
    return sha256Hex(canonicalJson(rawInput ?? null));
  } catch {
    return sha256Hex(rawBody);
  }
}

/**
 * Refuses what no procedure accepts (see `inputProblem`). Checked once the caller is known, so an
 * unidentified caller is refused as such whatever it sent.
 */
async function assertCleanInput(getRawInput: () => Promise<unknown>): Promise<void> {
  const problem = inputProblem(await getRawInput().catch(() => undefined));
  if (problem) throw new TiemengError('INVALID_INPUT', { message: problem });
}

// 3. Procedures.

/** Anyone may call; still audited. */
export const publicProcedure = gated(async () => ({}));

/** A signed-in officer whose role the permission table allows for this procedure. */
export const officerProcedure = gated(async ({ ctx, path }) => {
  if (!ctx.officer) throw ctx.authError ?? new TiemengError('UNAUTHENTICATED');
  // The account as it stands (cached briefly): its current roles, not the token's.
  const officer = await ctx.services.officers.admit(ctx.officer, path);
  if (!mayCall(path, officer.roles)) {
    throw new TiemengError('FORBIDDEN_ROLE', {
      message: `Roles ${officer.roles.join(', ')} may not call ${path}`,
    });
  }
  // Passed on narrowed: every officer procedure reads `ctx.officer` as known.
  return { officer };
});

/** A peer node's call, proven by a node token: configured issuer, valid signature, body hash, unused jti. */
export const nodeProcedure = gated(async ({ ctx, path, audit }) => {
  if (permissions[path] !== 'node') throw new TiemengError('FORBIDDEN_ROLE');
  if (!ctx.bearer) throw new TiemengError('NODE_TOKEN_INVALID', { message: 'A node token is required' });
  const { services } = ctx;
  const token = await verifyNodeToken({
    token: ctx.bearer,
    nodeId: services.config.nodeId,
    procedure: path,
    body: ctx.rawBody,
    clock: services.clock,
    keysOf: (peer) => services.sync.deps.peerKeys.of(peer),
    signedBy: (issuer) => {
      audit.node = issuer;
    },
  });
  // Outside the call's transaction: a token stays spent even if the call fails.
  const fresh = await services.db
    .insertInto('node_token_jti')
    .values({ jti: `${token.issuer}:${token.jti}`, issuer: token.issuer, expires_at: token.expiresAt })
    .onConflict((oc) => oc.column('jti').doNothing())
    .returning('jti')
    .executeTakeFirst();
  if (!fresh) throw new TiemengError('TOKEN_REPLAYED');
  return { peer: token.issuer };
});
