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
  remarksOf,
  say,
} from '../output.ts';
import { positiveInteger, wholeNumber } from '../whole-number.ts';

type Page = RouterOutputs['assistance']['list'];
type Request = RouterOutputs['assistance']['get'];
type ListInput = Extract<RouterInputs['assistance']['list'], object>;
/** `complete`'s input is untyped in the router (a generic step), so the outcome is read off the state. */
type Outcome = NonNullable<Request['state']['completion']>['outcome'];

const CATEGORIES = choices<RouterInputs['assistance']['file']['category']>()([
  'suspect_pursuit',
  'vehicle_check',
  'person_verification',
  'evidence_collection',
  'missing_person_search',
  'other',
]);
const OUTCOMES = choices<Outcome>()(['located', 'intercepted', 'arrested', 'not_found', 'other']);
const PRIORITIES = choices<RouterInputs['assistance']['file']['priority']>()(['urgent', 'normal']);
const DIRECTIONS = choices<NonNullable<ListInput['direction']>>()(['inbound', 'outbound']);
const STATUSES = choices<NonNullable<ListInput['status']>[number]>()([
  'filed',
  'acknowledged',
  'in_progress',
  'info_requested',
  'info_provided',
  'completed',
  'declined',
  'withdrawn',
  'closed',
]);

/** Prints a page of request summaries as a table (or JSON). */
export function printRequests(ctx: Pick<CliContext, 'json' | 'lang'>, page: Page) {
  printPage(
    ctx,
    page,
    ['id', 'direction', 'priority', 'status', 'title', 'from', 'to', 'filed', 'due', 'overdue'],
    (r) => [
      r.id,
      label(r.direction, ctx.lang),
      label(r.priority, ctx.lang),
      statusLabel(r.status, ctx.lang),
      r.title,
      r.requestingStation,
      r.addressedStation,
      relativeTime(r.filedAt, ctx.lang),
      r.ackInTime === null && r.status === 'filed' ? relativeTime(r.dueAckAt, ctx.lang) : '—',
      label(r.overdue ? 'yes' : 'no', ctx.lang),
    ],
  );
}

/** A request as an officer reads it: routing, deadlines, the case, the persons, what was asked and answered, and the result. */
function printRequest(ctx: CliContext, r: Request) {
  if (ctx.json) return printJson(r);
  const s = r.state;
  const { lang } = ctx;
  say(`${r.title}  [${statusLabel(r.status, lang)}]  ${r.id}`);
  say(
    `${s.requestingStation} → ${s.addressedStation}  ${label(r.priority, lang)} / ${label(r.category, lang)}`,
  );
  // The countdown only while the acknowledgement is still awaited.
  const awaited = r.ackInTime === null && r.status === 'filed';
  const due = r.dueAckAt
    ? `${localTime(r.dueAckAt)}${awaited ? ` (${relativeTime(r.dueAckAt, lang)})` : ''}`
    : '—';
  say(`${label('due', lang)}: ${due}  ${label('overdue', lang)}: ${label(r.overdue ? 'yes' : 'no', lang)}`);
  printFields(
    [
      ['filedAt', localTime(s.filedAt)],
      ['completionDue', s.completedAt ? null : localTime(s.dueCompleteAt)],
      ['incidentPlace', s.incident.place],
      ['incidentTime', s.incident.time ? localTime(s.incident.time) : null],
      ['details', s.details],
    ],
    lang,
  );
  printSection(
    'persons',
    ['name', 'sex', 'age', 'idNumber', 'description'],
    s.subjects.persons.map((p) => [p.name, label(p.sex, lang), p.approximateAge, p.idNumber, p.description]),
    lang,
  );
  printSection(
    'vehicles',
    ['plate', 'make', 'colour'],
    s.subjects.vehicles.map((v) => [v.plate, v.make, v.colour]),
    lang,
  );
  printSection(
    'info',
    ['time', 'kind', 'by', 'text'],
    s.info.map((i) => [localTime(i.at), label(i.kind, lang), i.by, i.text]),
    lang,
  );
  if (s.infoAwaitedFrom) printFields([['awaitingInfoFrom', s.infoAwaitedFrom]], lang);
  if (s.completion) {
    say('');
    printFields(
      [
        ['result', label(s.completion.outcome, lang)],
        ['completedAt', localTime(s.completedAt)],
        ['resultText', s.completion.text],
        ['personsLocated', s.completion.personsLocated],
        ['suspectsIntercepted', s.completion.suspectsIntercepted],
        ['caseSolved', s.completion.caseSolved],
      ],
      lang,
    );
  }
  printFields(
    [
      ['declineReason', s.declineReason],
      ['withdrawReason', s.withdrawReason],
      ['rating', s.closure?.rating],
    ],
    lang,
  );
  printSection('remarks', ['time', 'event', 'officer', 'remark'], remarksOf(r.timeline), lang);
  say('');
  printTimeline(r.timeline, lang);
}

/** `tiemeng requests …`: file and work assistance requests. */
export function registerRequests(program: Command): void {
  const requests = program.command('requests').description('assistance requests (协查请求)');

  requests
    .command('file')
    .description('file a request to a partner station')
    .requiredOption('--to <station>', 'the addressed partner station')
    .option('--from <station>', 'your station (default: your own)')
    .addOption(new Option('--category <category>').choices(CATEGORIES).makeOptionMandatory())
    .addOption(new Option('--priority <priority>').choices(PRIORITIES).default('normal'))
    .requiredOption('--title <text>')
    .requiredOption('--details <text>')
    .option('--subjects <file>', 'JSON file: { persons: [...], vehicles: [...] }')
    .option('--place <text>', 'incident place')
    .option('--time <iso>', 'incident time (ISO 8601)')
    .action(async (opts, command: Command) => {
      const ctx = await cliContext(command);
      const me = await ctx.client.auth.me.query();
      const input: RouterInputs['assistance']['file'] = {
        requestingStation: opts.from ?? me.station,
        addressedStation: opts.to,
        category: opts.category,
        priority: opts.priority,
        title: opts.title,
        details: opts.details,
        subjects: opts.subjects
          ? ((await readJsonFile(opts.subjects)) as RouterInputs['assistance']['file']['subjects'])
          : undefined,
        incident: { place: opts.place, time: opts.time },
      };
      printRequest(ctx, await ctx.client.assistance.file.mutate(input));
    });

  requests
    .command('list')
    .description('requests, newest first')
    .addOption(new Option('--direction <direction>').choices(DIRECTIONS))
    .addOption(new Option('--status <status...>').choices(STATUSES))
    .addOption(new Option('--priority <priority>').choices(PRIORITIES))
    .option('--station <station>')
    .option('--overdue', 'only overdue requests')
    .option('--text <words>')
    .option('--cursor <cursor>')
    .option('--limit <n>', 'page size (at most 200)', positiveInteger, 50)
    .action(async (opts, command: Command) => {
      const ctx = await cliContext(command);
      const page = await ctx.client.assistance.list.query({
        ...opts,
        overdue: opts.overdue ? true : undefined,
      });
      printRequests(ctx, page);
    });

  requests
    .command('show <id>')
    .description('a request with its signed timeline')
    .action(async (id: string, _opts, command: Command) => {
      const ctx = await cliContext(command);
      printRequest(ctx, await ctx.client.assistance.get.query({ id }));
    });

  const step = (
    name: string,
    description: string,
    run: (ctx: CliContext, id: string, opts: Record<string, unknown>) => Promise<Request>,
  ) =>
    requests
      .command(`${name} <id>`)
      .description(description)
      .action(async (id: string, opts: Record<string, unknown>, command: Command) => {
        const ctx = await cliContext(command);
        printRequest(ctx, await run(ctx, id, opts));
      });

  step('ack', 'acknowledge an inbound request (duty desk)', (ctx, id, o) =>
    ctx.client.assistance.acknowledge.mutate({ id, remark: o.remark as string | undefined }),
  ).option('--remark <text>');
  step('start', 'start work on an acknowledged request', (ctx, id, o) =>
    ctx.client.assistance.start.mutate({ id, remark: o.remark as string | undefined }),
  ).option('--remark <text>');
  step('info', 'ask for (--ask) or provide (--provide) more information', (ctx, id, o) => {
    if (o.ask) return ctx.client.assistance.requestInfo.mutate({ id, text: o.ask as string });
    if (o.provide) return ctx.client.assistance.provideInfo.mutate({ id, text: o.provide as string });
    throw new CliError(
      { en: 'Give --ask TEXT or --provide TEXT', zh: '请给出 --ask 内容 或 --provide 内容' },
      EXIT.usage,
    );
  })
    .option('--ask <text>')
    .option('--provide <text>');
  step('complete', 'report the result', (ctx, id, o) =>
    ctx.client.assistance.complete.mutate({
      id,
      outcome: o.outcome as Outcome,
      text: o.text as string,
      personsLocated: (o.personsLocated as number | undefined) ?? 0,
      suspectsIntercepted: (o.suspectsIntercepted as number | undefined) ?? 0,
      caseSolved: Boolean(o.caseSolved),
    }),
  )
    .addOption(new Option('--outcome <outcome>').choices(OUTCOMES).makeOptionMandatory())
    .requiredOption('--text <text>')
    .option('--persons-located <n>', 'persons located', wholeNumber)
    .option('--suspects-intercepted <n>', 'suspects intercepted', wholeNumber)
    .option('--case-solved');
  step('decline', 'decline a request', (ctx, id, o) =>
    ctx.client.assistance.decline.mutate({ id, reason: o.reason as string }),
  ).requiredOption('--reason <text>');
  step('withdraw', 'withdraw your request', (ctx, id, o) =>
    ctx.client.assistance.withdraw.mutate({ id, reason: o.reason as string }),
  ).requiredOption('--reason <text>');
  step('close', 'close a completed or declined request', (ctx, id, o) =>
    ctx.client.assistance.close.mutate({
      id,
      rating: o.rating as number | undefined,
      remark: o.remark as string | undefined,
    }),
  )
    .option('--rating <1-5>', "the partner's help, 1 to 5", positiveInteger)
    .option('--remark <text>');
}
