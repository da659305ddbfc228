import { type Command, Option } from 'commander';
import type { RouterInputs, RouterOutputs } from '../../tiemeng-client.ts';
import { choices } from '../choices.ts';
import { cliContext } from '../cli-context.ts';
import { CliError } from '../exit-codes.ts';
import type { Lang } from '../labels.ts';
import { localTime } from '../local-time.ts';
import { printJson, printTable, relativeTime, say } from '../output.ts';
import { positiveInteger } from '../whole-number.ts';

type AuditOutcome = NonNullable<Extract<RouterInputs['audit']['list'], object>['outcome']>;
const OUTCOMES = choices<AuditOutcome>()(['ok', 'refused', 'error']);
interface AuditListOptions {
  procedure?: string;
  actor?: string;
  record?: string;
  outcome?: AuditOutcome;
  from?: string;
  to?: string;
  before?: number;
  limit: number;
}

/** `tiemeng sync status` and `tiemeng audit verify`. */
export function registerOps(program: Command): void {
  const sync = program.command('sync').description('node-to-node sync');
  sync
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

  sync
    .command('incidents')
    .description('divergences, forged entries and other refused pushes from partners, newest first')
    .option('--peer <node>', 'only this partner node')
    .option('--before <id>', 'the next page, as the previous page names it', positiveInteger)
    .option('--limit <n>', 'page size (at most 200)', positiveInteger, 50)
    .action(async (opts: { peer?: string; before?: number; limit: number }, command: Command) => {
      const ctx = await cliContext(command);
      const items = await ctx.client.sync.incidents.query({
        peer: opts.peer,
        beforeId: opts.before,
        limit: opts.limit,
      });
      if (ctx.json) return printJson(items);
      printTable(
        ['id', 'time', 'peer', 'kind', 'seq', 'detail'],
        items.map((i) => [i.id, localTime(i.at), i.peer, i.kind, i.seq, i.detail]),
        ctx.lang,
      );
      if (items.length === opts.limit) say(`… more: --before ${items.at(-1)!.id}`);
    });

  program
    .command('whoami')
    .description('who you are signed in as, at which node and station, with which roles')
    .action(async (_opts, command: Command) => {
      const ctx = await cliContext(command);
      const me = await ctx.client.auth.me.query();
      if (ctx.json) return printJson({ ...me, url: ctx.nodeUrl });
      say(`${me.username}  ${me.station}  ${me.roles.join(',')}  ${me.node}  ${ctx.nodeUrl}`);
    });

  const audit = program.command('audit').description('the audit trail');
  audit
    .command('list')
    .description('audit rows, newest first (auditor); filters as audit.list')
    .option('--procedure <name>', 'e.g. notice.reveal')
    .option('--actor <id>', 'the officer id (or node) of the call')
    .option('--record <id>', 'rows naming this record')
    .addOption(new Option('--outcome <outcome>').choices(OUTCOMES))
    .option('--from <iso>', 'at or after this time (ISO 8601)')
    .option('--to <iso>', 'before this time (ISO 8601)')
    .option('--before <id>', 'the next page, as the previous page names it', positiveInteger)
    .option('--limit <n>', 'page size (at most 500)', positiveInteger, 50)
    .action(async (opts: AuditListOptions, command: Command) => {
      const ctx = await cliContext(command);
      const page = await ctx.client.audit.list.query({
        procedure: opts.procedure,
        actorId: opts.actor,
        recordId: opts.record,
        outcome: opts.outcome,
        from: opts.from,
        to: opts.to,
        beforeId: opts.before,
        limit: opts.limit,
      });
      if (ctx.json) return printJson(page);
      printTable(
        ['id', 'time', 'procedure', 'actor', 'outcome', 'record', 'note'],
        page.items.map((r) => [
          r.id,
          localTime(r.at),
          r.procedure,
          r.actorName ?? r.actorId,
          r.errorCode ? `${r.outcome} ${r.errorCode}` : r.outcome,
          r.recordIds.join(','),
          r.note,
        ]),
        ctx.lang,
      );
      if (page.nextBeforeId) say(`… more: --before ${page.nextBeforeId}`);
    });
  audit
    .command('verify')
    .description("recompute this node's audit hash chain")
    .action(async (_opts, command: Command) => {
      const ctx = await cliContext(command);
      const result = await ctx.client.audit.verify.query();
      if (ctx.json) printJson(result);
      else for (const line of verdictLines(result, ctx.lang)) say(line);
      if (!result.ok) throw new CliError({ en: 'The audit chain does not verify', zh: '审计链校验未通过' });
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
