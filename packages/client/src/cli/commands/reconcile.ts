import type { Command } from 'commander';
import type { RouterOutputs } from '../../tiemeng-client.ts';
import { cliContext } from '../cli-context.ts';
import { CliError } from '../exit-codes.ts';
import type { Lang } from '../labels.ts';
import { printJson, printTable, relativeTime, say } from '../output.ts';
import { whileWaiting } from '../progress.ts';
import { positiveInteger } from '../whole-number.ts';

type Report = RouterOutputs['reconcile']['run'];
type Summary = RouterOutputs['reconcile']['reports']['items'][number];

const FIGURES: [zh: string, en: string, pick: (r: Report) => string | number][] = [
  ['比对记录数', 'Records compared', (r) => r.recordsCompared],
  ['发现差异', 'Differences found', (r) => r.differencesFound],
  ['已修复', 'Repaired', (r) => r.repaired],
  ['事件（未解决）', 'Incidents (unresolved)', (r) => r.incidents],
  [
    '丢失事件行（本端 / 对端）',
    'Lost event rows (here / at peer)',
    (r) => (r.lostEvents ? `${r.lostEvents.here} / ${r.lostEvents.atPeer}` : '—'),
  ],
  ['往返次数', 'Round trips', (r) => r.roundTrips],
  ['其中状态比对往返', '  of which state comparison', (r) => r.phases.state?.roundTrips ?? '—'],
  ['传输字节', 'Bytes exchanged', (r) => bytes(r.bytesExchanged)],
  ['其中状态比对字节', '  of which state comparison', (r) => stateBytes(r)],
  ['比对桶数', 'Buckets compared', (r) => r.buckets],
  ['用时(毫秒)', 'Duration (ms)', (r) => r.durationMs],
];

const OUTCOMES: Record<Report['outcome'], [zh: string, en: string]> = {
  in_sync: ['一致', 'in sync'],
  repaired: ['已修复', 'repaired'],
  unresolved: ['存在未解决差异', 'unresolved differences'],
  failed: ['失败', 'failed'],
};

/**
 * `tiemeng reconcile [--peer ID]`: reconcile with a peer now and print the stored report;
 * `tiemeng reconcile reports` lists stored runs (scheduled ones too), `tiemeng reconcile show ID` one.
 */
export function registerReconcile(program: Command): void {
  const reconcile = program
    .command('reconcile')
    .description('reconcile (对账) with a peer node now: chains, shared records, audit anchors')
    .option('--peer <nodeId>', 'the peer node (default: the only peer)')
    .action(async (opts: { peer?: string }, command: Command) => {
      const ctx = await cliContext(command);
      const report = await whileWaiting(
        ctx.lang === 'zh' ? '对账中' : 'reconciling',
        ctx.json,
        ctx.client.reconcile.run.mutate({ peer: opts.peer }),
      );
      if (ctx.json) printJson(report);
      else printReport(report, ctx.lang);
      failUnlessSettled(report);
    });

  reconcile
    .command('reports')
    .description('stored runs, newest first, scheduled and on demand')
    .option('--peer <nodeId>', 'only the runs with this peer')
    .option('--limit <n>', 'runs per page (at most 200)', positiveInteger, 20)
    .option('--before <id>', 'the next page: runs numbered below this', positiveInteger)
    .action(async (opts: { peer?: string; limit: number; before?: number }, command: Command) => {
      const ctx = await cliContext(command);
      const page = await ctx.client.reconcile.reports.query({
        peer: opts.peer,
        limit: opts.limit,
        beforeId: opts.before,
      });
      if (ctx.json) return printJson(page);
      printTable(
        ['#', 'time', 'peer', 'startedBy', 'outcome', 'compared', 'differences', 'repaired', 'incidents'],
        page.items.map((r) => [
          r.id,
          relativeTime(r.startedAt, ctx.lang),
          r.peer,
          startedBy(r, ctx.lang),
          OUTCOMES[r.outcome][ctx.lang === 'zh' ? 0 : 1],
          r.recordsCompared,
          r.differencesFound,
          r.repaired,
          r.incidents,
        ]),
        ctx.lang,
      );
      if (page.nextBeforeId) say(`… more: --before ${page.nextBeforeId}`);
    });

  reconcile
    .command('show')
    .description('one stored run in full: links, costs, every difference and how it was resolved')
    .argument('<id>', "the run's number (#)", positiveInteger)
    .action(async (id: number, _opts: unknown, command: Command) => {
      const ctx = await cliContext(command);
      const report = await ctx.client.reconcile.report.query({ id });
      if (ctx.json) printJson(report);
      else printReport(report, ctx.lang);
    });
}

/** A run that ended failed or with differences left exits non-zero, naming what is wrong. */
function failUnlessSettled(report: Report): void {
  if (report.outcome !== 'failed' && report.outcome !== 'unresolved') return;
  const error = report.error ? ` (${report.error})` : '';
  throw new CliError({
    en: `reconciliation #${report.id} with ${report.peer}: ${OUTCOMES[report.outcome][1]}${error}`,
    zh: `与 ${report.peer} 的第 ${report.id} 次对账：${OUTCOMES[report.outcome][0]}${error}`,
  });
}

function startedBy(r: Summary, lang: Lang): string {
  if (r.startedBy.type === 'officer') return r.startedBy.username ?? r.startedBy.id ?? '—';
  return lang === 'zh' ? '定时' : 'schedule';
}

function printReport(r: Report, lang: Lang): void {
  const zh = lang === 'zh';
  const outcome = OUTCOMES[r.outcome][zh ? 0 : 1];
  say(zh ? `对账 #${r.id}（${r.peer}）：${outcome}` : `Reconciliation #${r.id} with ${r.peer}: ${outcome}`);
  say();
  printTable(
    ['figure', 'value'],
    FIGURES.map(([zhLabel, en, pick]) => [zh ? zhLabel : en, pick(r)]),
    lang,
  );
  if (r.links.length > 0) {
    say();
    printTable(
      [zh ? '链' : 'Link', zh ? '本端' : 'Ours', 'peer', 'status'],
      r.links.map((l) => [`${l.from} → ${l.to}`, l.localSeq, l.peerSeq, l.status]),
      lang,
    );
  }
  if (r.differences.length > 0) {
    say();
    printTable(
      ['record', zh ? '处理' : 'Resolution', zh ? '说明' : 'Detail'],
      r.differences.map((d) => [d.recordId, d.resolution, d.detail ?? '']),
      lang,
    );
  }
  if (r.error) say(`\n${zh ? '错误' : 'error'}: ${r.error}`);
}

function stateBytes(r: Report): string {
  const s = r.phases.state;
  return s ? bytes(s.bytesSent + s.bytesReceived) : '—';
}

const bytes = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`);
