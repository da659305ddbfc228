import type { RouterOutputs, TiemengClient } from './tiemeng-client.ts';

type Tracked<T> = { id: string; data: T };
/** One message of the feed as sent: the changes one read at the node found. */
type FeedMessage = RouterOutputs['feed']['live'] extends AsyncIterable<infer T> ? T : never;
type FeedBatch = FeedMessage extends Tracked<infer D> ? D : never;
/** What each change carries (its event id, the record's id, type, status, direction and a headline). */
export type FeedData = FeedBatch['changes'][number];

/** The feed's connection: `connected` once the node answers, `reconnecting` while the SSE link retries. */
export type FeedConnection = { state: 'connected' } | { state: 'reconnecting'; reason: string | undefined };

/**
 * The live feed as an async iterator, one change at a time (the node sends them a read at a time),
 * each with its own event id. Reconnects are handled by the SSE link, which resumes after the last
 * message; pass `lastEventId` to resume a feed followed earlier. Stop with `signal`.
 * `onConnection` hears each change of the connection, so a caller can say when the feed is down.
 *
 * @example
 * for await (const { id, data } of followFeed(client, { signal })) console.log(id, data.status);
 */
export async function* followFeed(
  client: TiemengClient,
  options: { lastEventId?: string; signal?: AbortSignal; onConnection?: (c: FeedConnection) => void } = {},
): AsyncGenerator<Tracked<FeedData>> {
  const queue: Tracked<FeedData>[] = [];
  let wake: (() => void) | undefined;
  let failure: unknown;
  let connectedOnce = false;
  const subscription = client.feed.live.subscribe(
    { lastEventId: options.lastEventId },
    {
      onData: (message) => {
        for (const change of message.data.changes) queue.push({ id: change.eventId, data: change });
        wake?.();
      },
      onError: (err) => {
        failure = err;
        wake?.();
      },
      // `connecting` comes first without an error (the first attempt); after that, or with an
      // error, it is a reconnect.
      onConnectionStateChange: (c) => {
        if (c.state === 'pending') {
          connectedOnce = true;
          options.onConnection?.({ state: 'connected' });
        } else if (c.state === 'connecting' && (c.error || connectedOnce))
          options.onConnection?.({ state: 'reconnecting', reason: c.error?.message });
      },
    },
  );
  const stop = () => wake?.();
  options.signal?.addEventListener('abort', stop);
  try {
    while (!options.signal?.aborted) {
      const next = queue.shift();
      if (next) {
        yield next;
        continue;
      }
      if (failure) throw failure;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
    subscription.unsubscribe();
  }
}
