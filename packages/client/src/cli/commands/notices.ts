import { type Command, Option } from 'commander';
import type { RouterInputs, RouterOutputs } from '../../tiemeng-client.ts';
import { choices } from '../choices.ts';
import { type CliContext, cliContext } from '../cli-context.ts';
import { statusLabel } from '../labels.ts';
import { printJson, printPage, printTimeline, readJsonFile, relativeTime } from '../output.ts';

type Notice = RouterOutputs['notice']['get'];
type ListInput = Extract<RouterInputs['notice']['list'], object>;
// The step procedures' inputs are untyped in the router (generic steps), so these are read off the notice.
type ReportKind = Exclude<Notice['state']['reports'][number]['type'], 'sighting'>;
type Resolution = NonNullable<Notice['outcome']>;

const KINDS = choices<NonNullable<ListInput['kind']>>()(['missing_person', 'fugitive']);
const STATUSES = choices<NonNullable<ListInput['status']>>()(['active', 'lapsed', 'resolved']);
const REPORT_KINDS = choices<ReportKind>()(['located', 'intercepted']);
const RESOLUTIONS = choices<Resolution>()(['found_safe', 'found_deceased', 'arrested', 'cancelled']);

function printNotices(ctx: CliContext, page: RouterOutputs['notice']['list']) {
  printPage(ctx, page, ['id', 'type', 'direction', 'status', 'title', 'from', 'filed'], (n) => [
    n.id,
    n.kind,
    n.direction,
    statusLabel(n.status, ctx.lang),
    `${n.subject.name} ${n.subject.idNumber ?? ''}`.trim(),
    n.issuingStation,
    relativeTime(n.issuedAt, ctx.lang),
  ]);
}

function printNotice(ctx: CliContext, n: Notice | RouterOutputs['notice']['reveal']) {
  if (ctx.json || !('timeline' in n)) return printJson(n);
  console.log(`${n.kind}  ${n.subject.name}  [${statusLabel(n.status, ctx.lang)}]  ${n.id}`);
  console.log(`last seen: ${n.lastSeen.place} ${n.lastSeen.time}   review due: ${n.reviewDueAt}`);
  printTimeline(n.timeline, ctx.lang);
}

/** `tiemeng notices …`: missing-person and fugitive notices (失踪/在逃人员通报). */
export function registerNotices(program: Command): void {
  const notices = program.command('notices').description('missing-person and fugitive notices (通报)');

  notices
    .command('issue')
    .description('issue a notice to partner stations; the subject and details come from a JSON file')
    .requiredOption('--file <json>', 'the notice as `notice.issue` takes it (kind, subject, lastSeen, …)')
    .option('--to <stations...>', 'partner stations (overrides the file)')
    .action(async (opts: { file: string; to?: string[] }, command: Command) => {
      const ctx = await cliContext(command);
      const me = await ctx.client.auth.me.query();
      const input = {
        issuingStation: me.station,
        ...((await readJsonFile(opts.file)) as object),
        ...(opts.to ? { recipientStations: opts.to } : {}),
      } as RouterInputs['notice']['issue'];
      printNotice(ctx, await ctx.client.notice.issue.mutate(input));
    });

  notices
    .command('list')
    .description('notices, newest first (ID numbers masked)')
    .addOption(new Option('--kind <kind>').choices(KINDS))
    .addOption(new Option('--status <status>').choices(STATUSES))
    .option('--station <station>')
    .option('--text <words>')
    .option('--cursor <cursor>')
    .action(async (opts, command: Command) => {
      const ctx = await cliContext(command);
      const page = await ctx.client.notice.list.query(opts);
      printNotices(ctx, page);
    });

  notices
    .command('show <id>')
    .description('a notice (masked) with its signed timeline')
    .action(async (id: string, _opts, command: Command) => {
      const ctx = await cliContext(command);
      printNotice(ctx, await ctx.client.notice.get.query({ id }));
    });

  notices
    .command('reveal <id>')
    .description('the full subject (duty, command); the reason is audited')
    .requiredOption('--reason <text>')
    .action(async (id: string, opts: { reason: string }, command: Command) => {
      const ctx = await cliContext(command);
      printJson(await ctx.client.notice.reveal.mutate({ id, reason: opts.reason }));
    });

  const report = (name: string, description: string) =>
    notices
      .command(`${name} <id>`)
      .description(description)
      .requiredOption('--place <text>')
      .requiredOption('--detail <text>')
      .option('--time <iso>', 'when (default: now)')
      .action(
        async (
          id: string,
          opts: { place: string; detail: string; time?: string; kind?: ReportKind },
          command: Command,
        ) => {
          const ctx = await cliContext(command);
          const data = {
            id,
            place: opts.place,
            detail: opts.detail,
            time: opts.time ?? new Date().toISOString(),
          };
          printNotice(
            ctx,
            opts.kind
              ? await ctx.client.notice.reportLocated.mutate({ ...data, kind: opts.kind })
              : await ctx.client.notice.reportSighting.mutate(data),
          );
        },
      );
  report('sighting', "report a sighting on a partner's notice");
  report('located', 'report the subject located (--kind intercepted: a fugitive intercepted)').addOption(
    new Option('--kind <kind>').choices(REPORT_KINDS).default('located'),
  );

  notices
    .command('resolve <id>')
    .description('resolve your notice')
    .addOption(new Option('--outcome <outcome>').choices(RESOLUTIONS).makeOptionMandatory())
    .option('--remark <text>')
    .action(async (id: string, opts: { outcome: Resolution; remark?: string }, command: Command) => {
      const ctx = await cliContext(command);
      printNotice(ctx, await ctx.client.notice.resolve.mutate({ id, ...opts }));
    });

  notices
    .command('renew <id>')
    .description('renew your notice for another review period')
    .option('--remark <text>')
    .action(async (id: string, opts: { remark?: string }, command: Command) => {
      const ctx = await cliContext(command);
      printNotice(ctx, await ctx.client.notice.renew.mutate({ id, ...opts }));
    });
}
