import type { RouterOutputs, TiemengClient } from './tiemeng-client.ts';

type Tracked<T> = { id: string; data: T };
export type FeedItem = RouterOutputs['feed']['live'] extends AsyncIterable<infer T> ? T : never;

/**
 * The live feed as an async iterator. Reconnects are handled by the SSE link, which resumes after
 * the last event id; pass `lastEventId` to resume a feed followed earlier. Stop with `signal`.
 *
 * @example
 * for await (const { id, data } of followFeed(client, { signal })) console.log(id, data.status);
 */
export async function* followFeed(
  client: TiemengClient,
  options: { lastEventId?: string; signal?: AbortSignal } = {},
): AsyncGenerator<Tracked<FeedData>> {
  const queue: Tracked<FeedData>[] = [];
  let wake: (() => void) | undefined;
  let failure: unknown;
  const subscription = client.feed.live.subscribe(
    { lastEventId: options.lastEventId },
    {
      onData: (item) => {
        queue.push(item as unknown as Tracked<FeedData>);
        wake?.();
      },
      onError: (err) => {
        failure = err;
        wake?.();
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

/** What each feed item carries (the record's id, type, status, direction and a headline). */
export type FeedData = FeedItem extends Tracked<infer D> ? D : FeedItem;
