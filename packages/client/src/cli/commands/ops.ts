import type { Command } from 'commander';
import { cliContext } from '../cli-context.ts';
import { CliError } from '../exit-codes.ts';
import { printJson, printTable, relativeTime } from '../output.ts';

/** `tiemeng sync status` and `tiemeng audit verify`. */
export function registerOps(program: Command): void {
  program
    .command('sync')
    .description('node-to-node sync')
    .command('status')
    .description('per peer: heads, lag, last error, next retry')
    .action(async (_opts, command: Command) => {
      const ctx = await cliContext(command);
      const status = await ctx.client.sync.status.query();
      if (ctx.json) return printJson(status);
      printTable(
        ['peer', 'acked', 'lag', 'lastError', 'nextRetry'],
        status.map((s) => [
          s.peer,
          `${s.outbound.peerAcknowledged}/${s.outbound.localHead}`,
          s.outbound.lag,
          s.lastError,
          relativeTime(s.nextRetryAt as string | null, ctx.lang),
        ]),
        ctx.lang,
      );
    });

  program
    .command('audit')
    .description('the audit trail')
    .command('verify')
    .description("recompute this node's audit hash chain")
    .action(async (_opts, command: Command) => {
      const ctx = await cliContext(command);
      const result = await ctx.client.audit.verify.query();
      if (ctx.json) printJson(result);
      else console.log(JSON.stringify(result));
      if (!(result as { ok: boolean }).ok) throw new CliError('The audit chain does not verify');
    });
}
