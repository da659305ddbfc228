import { writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { cliContext } from '../cli-context.ts';
import { printJson, printTable } from '../output.ts';

const LINES: [zh: string, en: string, pick: (f: Figures) => number | null][] = [
  ['调处矛盾纠纷', 'Disputes mediated', (f) => f.disputesMediated],
  ['协查失踪人员', 'Missing persons traced', (f) => f.missingTraced],
  ['拦截在逃人员', 'Fugitives intercepted', (f) => f.fugitivesIntercepted],
  ['破获案件', 'Cases solved', (f) => f.casesSolved],
  ['协查请求数', 'Assistance requests', (f) => f.requests.filed],
  ['按时签收率(%)', 'Acknowledged in time (%)', (f) => f.requests.ackInTimePct],
  ['签收用时中位数(分钟)', 'Time to acknowledge, median (min)', (f) => f.requests.ackMinutes.median],
  ['签收用时P90(分钟)', 'Time to acknowledge, p90 (min)', (f) => f.requests.ackMinutes.p90],
  ['已办结', 'Completed', (f) => f.requests.completed],
  ['已拒绝', 'Declined', (f) => f.requests.declined],
  ['已撤回', 'Withdrawn', (f) => f.requests.withdrawn],
  ['发布通报', 'Notices issued', (f) => f.noticesIssued],
  ['达成协议', 'Agreements reached', (f) => f.agreementsReached],
  ['回访完成', 'Follow-ups done', (f) => f.followUpsDone],
];

type Figures = Awaited<ReturnType<typeof summaryOf>>['groups'][number]['figures'];
const summaryOf = (
  ctx: Awaited<ReturnType<typeof cliContext>>,
  input: { from: string; to: string; groupBy?: 'station' | 'week' | 'month' },
) => ctx.client.stats.summary.query(input);

/** `tiemeng stats --from DATE --to DATE [--by …] [--csv [file]]`. */
export function registerStats(program: Command): void {
  program
    .command('stats')
    .description('joint statistics for a period (dates inclusive, China Standard Time)')
    .requiredOption('--from <date>', 'YYYY-MM-DD')
    .requiredOption('--to <date>', 'YYYY-MM-DD')
    .addOption(new Option('--by <grouping>').choices(['station', 'week', 'month']))
    .option('--csv [file]', 'CSV (UTF-8 with BOM) to a file, or to standard output')
    .action(
      async (
        opts: { from: string; to: string; by?: 'station' | 'week' | 'month'; csv?: string | true },
        command: Command,
      ) => {
        const ctx = await cliContext(command);
        const input = { from: opts.from, to: opts.to, groupBy: opts.by };
        if (opts.csv) {
          const { csv } = await ctx.client.stats.export.query(input);
          if (opts.csv === true) process.stdout.write(csv);
          else await writeFile(opts.csv, csv);
          return;
        }
        const summary = await summaryOf(ctx, input);
        if (ctx.json) return printJson(summary);
        for (const group of summary.groups) {
          if (summary.groups.length > 1 || group.key !== 'all') console.log(`\n== ${group.key}`);
          printTable(
            ['figure', 'value'],
            LINES.map(([zh, en, pick]) => [ctx.lang === 'zh' ? zh : en, pick(group.figures)]),
            ctx.lang,
          );
        }
        if (summary.groups.length === 0) console.log('—');
        console.log(
          `\n${ctx.lang === 'zh' ? '当前超期协查' : 'Requests overdue now'}: ${summary.overdueNow.requests}`,
        );
      },
    );
}
