import type { Command } from 'commander';
import type { RouterOutputs } from '../../tiemeng-client.ts';
import { cliContext } from '../cli-context.ts';
import { CliError } from '../exit-codes.ts';
import type { Lang } from '../labels.ts';
import { printJson, printTable, relativeTime, say } from '../output.ts';

/** `tiemeng sync status` and `tiemeng audit verify`. */
export function registerOps(program: Command): void {
  program
    .command('sync')
    .description('node-to-node sync')
    .command('status')
    .description(
      "per peer: heads, lag, last error, next retry, and why the last pull of the partner's link failed",
    )
    .action(async (_opts, command: Command) => {
      const ctx = await cliContext(command);
      const status = await ctx.client.sync.status.query();
      if (ctx.json) return printJson(status);
      printTable(
        ['peer', 'acked', 'lag', 'lastError', 'nextRetry', 'pullError'],
        status.map((s) => [
          s.peer,
          `${s.outbound.peerAcknowledged}/${s.outbound.localHead}`,
          s.outbound.lag,
          s.lastError,
          relativeTime(s.nextRetryAt as string | null, ctx.lang),
          s.inbound.lastPullError,
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
      else for (const line of verdictLines(result, ctx.lang)) say(line);
      if (!result.ok) throw new CliError('The audit chain does not verify');
    });
}

type AuditVerdict = RouterOutputs['audit']['verify'];

/** `audit.verify` for a person: the local chain, then what each peer's anchors say about it. */
function verdictLines(v: AuditVerdict, lang: Lang): string[] {
  const say = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  const chain = v.ok
    ? say(
        `审计链完好：共 ${v.rows} 行，链头 #${v.headId ?? '—'}`,
        `Audit chain intact: ${v.rows} rows, head #${v.headId ?? '—'}`,
      )
    : say(
        `审计链断裂：第 #${v.brokenRowId} 行（${v.reason}）`,
        `Audit chain BROKEN at row #${v.brokenRowId}: ${v.reason}`,
      );
  const peers = v.anchors.peers.map((p) => {
    const status = ANCHOR_STATUS[p.status]?.[lang === 'zh' ? 0 : 1] ?? p.status;
    const held = say(`  ${p.peer} 持有的锚点：${status}`, `  anchors held by ${p.peer}: ${status}`);
    if (p.checked === 0) return held;
    const broken = p.brokenRowId
      ? say(`，自 #${p.brokenRowId} 起不符`, `, differs from #${p.brokenRowId}`)
      : p.incomplete
        ? say('，仅核对了最早的部分', ', only the oldest compared')
        : '';
    return (
      held +
      say(
        `（核对 ${p.checked} 个，最新 #${p.latestRowId}${broken}）`,
        ` (${p.checked} checked, latest #${p.latestRowId}${broken})`,
      )
    );
  });
  return [chain, ...peers];
}

const ANCHOR_STATUS: Record<string, [zh: string, en: string]> = {
  ok: ['一致', 'ok'],
  mismatch: ['不符', 'MISMATCH'],
  unreachable: ['无法连接', 'unreachable'],
  none: ['尚无（首次对账时锚定）', 'none yet (the first reconciliation anchors)'],
};
