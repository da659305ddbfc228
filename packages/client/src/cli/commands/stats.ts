import { writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import type { RouterInputs } from '../../tiemeng-client.ts';
import { choices } from '../choices.ts';
import { cliContext } from '../cli-context.ts';
import { printJson, printTable, say } from '../output.ts';

type Grouping = NonNullable<RouterInputs['stats']['summary']['groupBy']>;

const GROUPINGS = choices<Grouping>()(['station', 'week', 'month']);

/** `tiemeng stats --from DATE --to DATE [--by …] [--csv [file]]`. */
export function registerStats(program: Command): void {
  program
    .command('stats')
    .description('joint statistics for a period (dates inclusive, China Standard Time)')
    .requiredOption('--from <date>', 'YYYY-MM-DD')
    .requiredOption('--to <date>', 'YYYY-MM-DD')
    .addOption(new Option('--by <grouping>').choices(GROUPINGS))
    .option('--csv [file]', 'CSV (UTF-8 with BOM) to a file, or to standard output')
    .action(
      async (opts: { from: string; to: string; by?: Grouping; csv?: string | true }, command: Command) => {
        const ctx = await cliContext(command);
        const input = { from: opts.from, to: opts.to, groupBy: opts.by };
        if (opts.csv) {
          const { csv } = await ctx.client.stats.export.query(input);
          if (opts.csv === true) process.stdout.write(csv);
          else await writeFile(opts.csv, csv);
          return;
        }
        const summary = await ctx.client.stats.summary.query(input);
        if (ctx.json) return printJson(summary);
        for (const group of summary.groups) {
          if (summary.groups.length > 1 || group.key !== 'all') say(`\n== ${group.key}`);
          printTable(
            ['figure', 'value'],
            group.lines.map((l) => [ctx.lang === 'zh' ? l.zh : l.en, l.value]),
            ctx.lang,
          );
        }
        if (summary.groups.length === 0) say('—');
        say(
          `\n${ctx.lang === 'zh' ? '当前超期协查' : 'Requests overdue now'}: ${summary.overdueNow.requests}`,
        );
      },
    );
}
