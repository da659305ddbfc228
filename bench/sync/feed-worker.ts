/**
 * Live feeds of fj's officers, in a thread of their own so parsing their streams does not share zj's
 * event loop (zj runs in the benchmark's main thread). Each token opens one `feed.live` over HTTP
 * (SSE), as the console and the CLI do. Messages: `measure` (the readers' busyness counts from
 * now), `expect` (the records to wait for), `progress` (how many of them have reached every feed),
 * `collect` (each record's arrival times), `stop`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createTiemengClient } from '@tiemeng/client';

export type FeedRequest =
  | { type: 'measure' }
  | { type: 'expect'; recordIds: string[] }
  | { type: 'progress' }
  | { type: 'collect' }
  | { type: 'stop' };
export type FeedReply =
  | { type: 'ready' }
  | { type: 'error'; message: string }
  | { type: 'progress'; complete: number }
  | { type: 'arrivals'; arrivals: [string, number[]][]; readerBusy: number }
  | { type: 'stopped' };

const { url, tokens } = workerData as { url: string; tokens: string[] };
const port = parentPort!;
const send = (m: FeedReply) => port.postMessage(m);
/** Arrival times (ms since the epoch) of each record, one per feed it reached. */
const arrivals = new Map<string, number[]>();
let expected: string[] = [];
/** This thread's event loop from the load's start: near 1, the readers themselves were the bottleneck. */
let loop = performance.eventLoopUtilization();
let started = 0;

const subscriptions = tokens.map((token) =>
  createTiemengClient({ url, token }).feed.live.subscribe(
    {},
    {
      onStarted: () => {
        if (++started === tokens.length) send({ type: 'ready' });
      },
      onData: (message) => {
        const at = performance.timeOrigin + performance.now();
        for (const { recordId } of message.data.changes) {
          const times = arrivals.get(recordId);
          if (times) times.push(at);
          else arrivals.set(recordId, [at]);
        }
      },
      onError: (err) => send({ type: 'error', message: String(err) }),
    },
  ),
);

port.on('message', (m: FeedRequest) => {
  if (m.type === 'measure') loop = performance.eventLoopUtilization();
  else if (m.type === 'expect') expected = m.recordIds;
  else if (m.type === 'progress')
    send({
      type: 'progress',
      complete: expected.filter((id) => (arrivals.get(id)?.length ?? 0) >= tokens.length).length,
    });
  else if (m.type === 'collect')
    send({
      type: 'arrivals',
      arrivals: [...arrivals],
      readerBusy: performance.eventLoopUtilization(loop).utilization,
    });
  else {
    for (const s of subscriptions) s.unsubscribe();
    send({ type: 'stopped' });
  }
});
