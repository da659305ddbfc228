import type { Command } from 'commander';
import { followFeed } from '../../live-feed.ts';
import { cliContext } from '../cli-context.ts';
import { statusLabel } from '../labels.ts';
import { localTime } from '../local-time.ts';
import { printJson } from '../output.ts';
import { printable } from '../printable.ts';
import { positiveInteger } from '../whole-number.ts';
import { printRequests } from './requests.ts';

/** `tiemeng inbox [--watch]`: the duty desk's open inbound requests, then (with --watch) the live feed. */
export function registerInbox(program: Command): void {
  program
    .command('inbox')
    .description(
      'open inbound requests for your station, urgent and overdue first; --watch follows the live feed (bell on urgent)',
    )
    .option('--watch', 'follow the live feed until interrupted')
    .option('--cursor <cursor>', 'the next page, as the previous page names it')
    .option('--limit <n>', 'page size (at most 200)', positiveInteger, 50)
    .action(async (opts: { watch?: boolean; cursor?: string; limit: number }, command: Command) => {
      const ctx = await cliContext(command);
      const me = await ctx.client.auth.me.query();
      const page = await ctx.client.assistance.list.query({
        direction: 'inbound',
        station: me.station,
        status: ['filed', 'acknowledged', 'in_progress', 'info_requested', 'info_provided'],
        order: 'urgency',
        cursor: opts.cursor,
        limit: opts.limit,
      });
      printRequests(ctx, page);
      if (!opts.watch) return;
      const stop = new AbortController();
      process.once('SIGINT', () => stop.abort());
      // Renews the token while watching, so a reconnect at 3 a.m. is still signed in.
      const keepSignedIn = setInterval(() => void ctx.token(), 30_000);
      try {
        for await (const { id, data } of followFeed(ctx.client, { signal: stop.signal })) {
          const urgent = data.headline.priority === 'urgent' && data.direction === 'inbound';
          if (ctx.json) printJson({ id, ...data });
          // The bell is ours, for an urgent inbound item; the partner's title cannot ring it.
          else
            console.log(
              `${urgent ? '\u0007' : ''}${printable(`${localTime(data.updatedAt)}  ${data.direction}  ${data.recordType}  ${statusLabel(data.status, ctx.lang)}  ${String(data.headline.title ?? '')}  ${data.recordId}`)}`,
            );
        }
      } finally {
        clearInterval(keepSignedIn);
      }
    });
}
