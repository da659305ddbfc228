import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { signOwnHead } from '../audit/anchor/anchor-witness.ts';
import type { ApplyResult, PeerClient } from '../peer/peer-client.ts';
import { continueTrace, withTrace } from '../tracing/trace-context.ts';
import { MAX_BATCH } from './apply-entries.ts';
import { readLinkEntries } from './sql/insert-link-entry.ts';
import type { SyncDeps } from './sync-deps.ts';

/** `more`: the link is still behind (send again at once); `sent`: the partner holds all of it. */
export type SendOutcome = 'sent' | 'more';

/** Batches sent ahead of the partner's answer: it verifies one while it stores the one before. */
const PUSHES_IN_FLIGHT = 2;
/** A claim sends at most this many batches, or for this long, then commits what was acknowledged. */
const STREAM_PUSHES = 20;
const STREAM_MS = 2_000;
/**
 * Most bytes of entries in one push, below the partner's 4 MB body limit with room for the JSON
 * around them: a batch of large entries goes in fewer entries.
 */
const MAX_PUSH_BYTES = 3 * 1024 * 1024;

export interface LinkStream {
  deps: SyncDeps;
  /** The transaction holding the link's delivery claim: acknowledgements are recorded in it. */
  trx: Kysely<Database>;
  peer: PeerClient;
  /** The partner's head of the link when the claim was taken, and ours. */
  acked: number;
  localSeq: number;
  /** Entries per push of live traffic; a link further behind than this goes in full batches. */
  batchSize: number;
  /** True once the node is stopping: no further batch is sent. */
  stopped(): boolean;
}

/**
 * Sends the link from `acked` on in batches, the next one read and sent while the partner still
 * applies the one before (it verifies the next batch's signatures meanwhile, then waits for the
 * link's lock), and records each answer. A link far behind goes in full batches; the claim is
 * given up after a while so the acknowledgements commit and show in the status.
 *
 * @example
 * const outcome = await streamLink({ deps, trx, peer, acked: 120, localSeq: 180, batchSize: 200, stopped: () => false });
 */
export async function streamLink(link: LinkStream): Promise<SendOutcome> {
  const { deps, trx, peer, acked, localSeq } = link;
  const started = Date.now();
  const inFlight: { lastSeq: number; answer: Promise<ApplyResult> }[] = [];
  let sentTo = acked;
  let pushes = 0;
  let answered: ApplyResult | undefined;
  // Our audit head rides along with the delivery's first push, signed now: the partner then
  // witnesses every row audited before this delivery, so removing them is caught at once (the 30 s
  // rounds cover idle times). Once per delivery: the pushes after it are the same delivery.
  const auditHead = (await signOwnHead({ ...deps, db: trx }, peer.nodeId))?.jws;
  try {
    for (;;) {
      while (
        inFlight.length < PUSHES_IN_FLIGHT &&
        sentTo < localSeq &&
        !link.stopped() &&
        (pushes === 0 || (pushes < STREAM_PUSHES && Date.now() - started < STREAM_MS))
      ) {
        // Live traffic goes in small batches; a link far behind in full ones.
        const limit = localSeq - sentTo > link.batchSize ? MAX_BATCH : link.batchSize;
        const entries = withinBytes(await readLinkEntries(trx, deps.nodeId, peer.nodeId, sentTo, limit));
        if (entries.length === 0) break;
        sentTo = entries.at(-1)!.seq;
        pushes++;
        const answer = push(peer, entries, pushes === 1 ? auditHead : undefined);
        // Observed at once: one that fails while an earlier one is awaited is no unhandled rejection.
        answer.catch(() => {});
        inFlight.push({ lastSeq: sentTo, answer });
      }
      const next = inFlight.shift();
      if (!next) break;
      const result = await next.answer;
      answered = result;
      const now = deps.clock.now();
      await trx
        .updateTable('peer_delivery')
        .set({
          acked_seq: result.head.seq,
          acked_hash: result.head.hash,
          last_success_at: now,
          last_attempt_at: now,
          last_error: null,
          failures: 0,
          next_retry_at: null,
        })
        .where('peer', '=', peer.nodeId)
        .execute();
      // The partner holds less than it was sent: the batches after it cannot chain; start again.
      if (result.head.seq < next.lastSeq) break;
    }
  } catch (err) {
    await Promise.allSettled(inFlight.map((f) => f.answer));
    // A later batch refused after earlier ones were applied: keep their acknowledgements and send
    // it again on its own, where its refusal is reported as any other.
    if (answered) return 'more';
    throw err;
  }
  await Promise.allSettled(inFlight.map((f) => f.answer));
  return (answered?.head.seq ?? acked) < localSeq ? 'more' : 'sent';
}

/** The first entries of `entries` that fit in one push (always at least one). */
function withinBytes<T extends { jws: string }>(entries: T[]): T[] {
  let bytes = 0;
  for (let i = 0; i < entries.length; i++) {
    bytes += entries[i]!.jws.length + 3;
    if (bytes > MAX_PUSH_BYTES && i > 0) return entries.slice(0, i);
  }
  return entries;
}

/** One batch to the partner, with our audit head if given; answers its head of our link. */
function push(
  peer: PeerClient,
  entries: readonly { jws: string; trace_id: string | null }[],
  auditHead: string | undefined,
): Promise<ApplyResult> {
  // A batch continues the trace of the call that made its first traced entry.
  const traceId = entries.find((e) => e.trace_id)?.trace_id;
  const send = () =>
    peer.push(
      entries.map((e) => e.jws),
      auditHead,
    );
  return traceId ? withTrace(continueTrace(traceId), send) : send();
}
