import type { Command } from 'commander';
import { cliContext } from '../cli-context.ts';
import { positiveInteger } from '../whole-number.ts';
import { OPEN_STATUSES, watchInbox } from './inbox-watch.ts';
import { printRequests } from './requests.ts';

/** `tiemeng inbox [--watch]`: the duty desk's open inbound requests, then (with --watch) the live feed. */
export function registerInbox(program: Command): void {
  program
    .command('inbox')
    .description(
      'open inbound requests for your station, urgent and overdue first; --watch follows the live feed (bell on urgent), says when the feed is down, when a request falls overdue and whether our changes have reached the partner',
    )
    .option('--watch', 'follow the live feed until interrupted')
    .option(
      '--recheck <seconds>',
      'with --watch: how often deadlines and deliveries are checked again',
      positiveInteger,
      15,
    )
    .option('--cursor <cursor>', 'the next page, as the previous page names it')
    .option('--limit <n>', 'page size (at most 200)', positiveInteger, 50)
    .action(
      async (
        opts: { watch?: boolean; recheck: number; cursor?: string; limit: number },
        command: Command,
      ) => {
        const ctx = await cliContext(command);
        const me = await ctx.client.auth.me.query();
        const page = await ctx.client.assistance.list.query({
          direction: 'inbound',
          station: me.station,
          status: [...OPEN_STATUSES],
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
          await watchInbox(ctx, {
            me,
            listed: page.items,
            recheckSeconds: opts.recheck,
            signal: stop.signal,
          });
        } finally {
          clearInterval(keepSignedIn);
        }
      },
    );
}
