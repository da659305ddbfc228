import { type Command, Option } from 'commander';
import type { RouterInputs, RouterOutputs } from '../../tiemeng-client.ts';
import { choices } from '../choices.ts';
import { type CliContext, cliContext } from '../cli-context.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { label, statusLabel } from '../labels.ts';
import { localTime } from '../local-time.ts';
import {
  printFields,
  printJson,
  printPage,
  printSection,
  printTimeline,
  readJsonFile,
  relativeTime,
  say,
} from '../output.ts';

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
    label(n.kind, ctx.lang),
    label(n.direction, ctx.lang),
    statusLabel(n.status, ctx.lang),
    `${n.subject.name} ${n.subject.idNumber ?? ''}`.trim(),
    n.issuingStation,
    relativeTime(n.issuedAt, ctx.lang),
  ]);
}

/** A notice as an officer reads it: the subject (ID masked), the case, partners' reports and how it ended. */
function printNotice(ctx: CliContext, n: Notice | RouterOutputs['notice']['reveal']) {
  if (ctx.json || !('timeline' in n)) return printJson(n);
  const { lang } = ctx;
  const s = n.state;
  // The kind's own section: a missing person's circumstances, a fugitive's case.
  const missing = s.kind === 'missing_person' ? s.missing : undefined;
  const fugitive = s.kind === 'fugitive' ? s.fugitive : undefined;
  say(`${label(n.kind, lang)}  ${s.subject.name}  [${statusLabel(n.status, lang)}]  ${n.id}`);
  say(`${s.issuingStation} → ${s.recipientStations.join(', ')}`);
  printFields(
    [
      ['name', s.subject.name],
      ['aliases', s.subject.aliases?.join(', ')],
      ['sex', s.subject.sex ? label(s.subject.sex, lang) : null],
      ['birthDate', s.subject.birthDate],
      ['idNumber', s.subject.idNumber],
      ['description', s.subject.description],
      ['lastSeen', `${s.lastSeen.place}  ${localTime(s.lastSeen.time)}`],
      ['contactOfficer', [s.contactOfficer.name, s.contactOfficer.phone].filter(Boolean).join('  ')],
      ['circumstances', missing?.circumstances],
      ['vulnerability', missing?.vulnerability.join(', ')],
      ['caseNumber', fugitive?.caseNumber],
      ['warrant', fugitive?.warrantReference],
      ['offence', fugitive?.offence],
      ['caution', fugitive?.caution.join(', ')],
      ['requestedAction', fugitive?.requestedAction],
      ['reviewDue', localTime(n.reviewDueAt)],
    ],
    lang,
  );
  // Partners' reports, with the event id `notices confirm --report` takes.
  printSection(
    'reports',
    ['event', 'kind', 'time', 'place', 'node', 'review', 'text'],
    s.reports.map((r) => [
      r.eventId,
      label(r.type, lang),
      localTime(r.time),
      r.place,
      r.node,
      r.review ? (r.review.accepted ? 'confirmed' : 'rejected') : 'awaiting review',
      r.detail,
    ]),
    lang,
  );
  if (s.resolution) {
    say('');
    printFields(
      [
        ['resolution', label(s.resolution.outcome, lang)],
        ['resolvedAt', localTime(s.resolution.at)],
        ['remark', s.resolution.remark],
      ],
      lang,
    );
  }
  say('');
  printTimeline(n.timeline, lang);
}

/** The report `notices confirm` reviews: the one named, else the only one awaiting review. */
function reportToReview(n: Notice, named: string | undefined): string {
  if (named) return named;
  const awaiting = n.state.reports.filter((r) => r.review === null);
  if (awaiting.length === 1) return awaiting[0]!.eventId;
  throw new CliError(
    awaiting.length === 0
      ? { en: `No report on ${n.id} awaits review`, zh: `${n.id} 没有待核实的反馈` }
      : {
          en: `${awaiting.length} reports await review; name one with --report (${awaiting.map((r) => r.eventId).join(', ')})`,
          zh: `有 ${awaiting.length} 条反馈待核实；请用 --report 指定一条（${awaiting.map((r) => r.eventId).join(', ')}）`,
        },
    EXIT.usage,
  );
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
    .command('confirm <id>')
    .description("confirm (or --reject) a partner's report on your notice")
    .option('--report <eventId>', 'the report (default: the only one awaiting review)')
    .option('--reject', 'the report is not borne out')
    .option('--remark <text>')
    .action(
      async (id: string, opts: { report?: string; reject?: boolean; remark?: string }, command: Command) => {
        const ctx = await cliContext(command);
        const reportEventId = reportToReview(await ctx.client.notice.get.query({ id }), opts.report);
        printNotice(
          ctx,
          await ctx.client.notice.confirm.mutate({
            id,
            reportEventId,
            accepted: !opts.reject,
            remark: opts.remark,
          }),
        );
      },
    );

  notices
    .command('update <id>')
    .description('change your notice: subject, last seen, contact officer… as a JSON patch (--file)')
    .requiredOption('--file <patch.json>')
    .action(async (id: string, opts: { file: string }, command: Command) => {
      const ctx = await cliContext(command);
      const patch = (await readJsonFile(opts.file)) as object;
      printNotice(ctx, await ctx.client.notice.update.mutate({ ...patch, id }));
    });

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
