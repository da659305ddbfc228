import { type Command, Option } from 'commander';
import type { RouterInputs, RouterOutputs } from '../../tiemeng-client.ts';
import { choices } from '../choices.ts';
import { type CliContext, cliContext } from '../cli-context.ts';
import { label, statusLabel } from '../labels.ts';
import { localTime } from '../local-time.ts';
import {
  printFields,
  printJson,
  printSection,
  printTable,
  printTimeline,
  readJsonFile,
  relativeTime,
  say,
} from '../output.ts';

type Mediation = RouterOutputs['mediation']['get'];
// The step procedures' inputs are untyped in the router (generic steps), so these are read off the state.
type Outcome = NonNullable<Mediation['state']['outcome']>;
type FollowUpResult = NonNullable<Mediation['state']['followUp']>['result'];
type PartyRole = Mediation['state']['parties'][number]['role'];
type MediatorKind = Mediation['state']['mediators'][number]['kind'];

export const DISPUTE_TYPES = choices<RouterInputs['mediation']['open']['disputeType']>()([
  'neighbourhood',
  'land_boundary',
  'family',
  'commercial',
  'traffic',
  'labour',
  'other',
]);
const MECHANISMS = choices<RouterInputs['mediation']['open']['mechanism']['kind']>()([
  'on_the_spot',
  'joint',
  'professional',
]);
export const RESULTS = choices<Outcome['result']>()(['agreement', 'partial', 'failed', 'referred']);
export const REFERRED_TO = choices<NonNullable<Outcome['referredTo']>>()([
  'court',
  'judicial_office',
  'other_department',
]);
export const FOLLOW_UP_RESULTS = choices<FollowUpResult>()(['resolved', 'ongoing', 'unresolved']);
const PARTY_ROLES = choices<PartyRole>()(['claimant', 'respondent', 'other']);
const MEDIATOR_KINDS = choices<MediatorKind>()(['officer', 'volunteer']);
const STATUSES = choices<NonNullable<Extract<RouterInputs['mediation']['list'], object>['status']>[number]>()(
  ['open', 'agreement_proposed', 'agreed', 'concluded', 'followed_up'],
);

/** A mediation as an officer reads it: parties, mediators, sessions, the terms and who has signed them, the outcome. */
function printMediation(ctx: CliContext, m: Mediation) {
  if (ctx.json) return printJson(m);
  const { lang } = ctx;
  const s = m.state;
  say(`${label(m.disputeType, lang)}  [${statusLabel(m.status, lang)}]  ${m.id}`);
  say(`${s.openingStation} ⇄ ${s.partnerStation}  ${label(s.mechanism.kind, lang)}`);
  printFields([['summary', s.summary]], lang);
  printSection(
    'parties',
    ['name', 'role', 'province', 'contact'],
    s.parties.map((p) => [p.name, label(p.role, lang), p.province, p.contact]),
    lang,
  );
  printSection(
    'mediators',
    ['name', 'kind', 'node', 'note'],
    s.mediators.map((p) => [p.name, label(p.kind, lang), p.node, p.note]),
    lang,
  );
  printSection(
    'sessions',
    ['time', 'place', 'attendees', 'note'],
    s.sessions.map((x) => [localTime(x.at), x.place, x.attendees.join(', '), x.notes]),
    lang,
  );
  if (s.agreement) {
    const a = s.agreement;
    say('');
    printFields(
      [
        ['terms', a.terms],
        ['termsHash', a.termsHash],
        ['proposals', s.proposals],
        ['agreement', label(a.agreedAt ? 'signedBoth' : 'awaitingSignature', lang)],
        ['agreedAt', a.agreedAt ? localTime(a.agreedAt) : null],
      ],
      lang,
    );
    printSection(
      'signatures',
      ['node', 'station', 'officer', 'time'],
      a.signatures.map((x) => [x.node, x.station, x.officer, localTime(x.at)]),
      lang,
    );
  }
  if (s.outcome) {
    say('');
    printFields(
      [
        ['result', label(s.outcome.result === 'agreement' ? 'agreement_result' : s.outcome.result, lang)],
        ['referredTo', s.outcome.referredTo ? label(s.outcome.referredTo, lang) : null],
        ['note', s.outcome.note],
        ['followUpDue', s.followUpDueAt && !s.followUp ? localTime(s.followUpDueAt) : null],
      ],
      lang,
    );
  }
  if (s.followUp)
    printFields(
      [
        ['followUp', label(s.followUp.result, lang)],
        ['visited', localTime(s.followUp.visitedAt ?? s.followedUpAt)],
        ['note', s.followUp.note],
      ],
      lang,
    );
  say('');
  printTimeline(m.timeline, lang);
}

/** `tiemeng mediations …`: joint mediation records (联合调解). */
export function registerMediations(program: Command): void {
  const mediations = program.command('mediations').description('joint mediation records (联合调解)');

  mediations
    .command('open')
    .description('open a joint mediation with a partner station')
    .requiredOption('--partner <station>')
    .addOption(new Option('--type <type>').choices(DISPUTE_TYPES).makeOptionMandatory())
    .requiredOption('--summary <text>')
    .addOption(new Option('--mechanism <kind>').choices(MECHANISMS).default('joint'))
    .option('--organisation <name>', 'for professional mediation: where it was referred')
    .option('--parties <json>', 'JSON file: [{ name, province, role, contact? }]')
    .action(async (opts, command: Command) => {
      const ctx = await cliContext(command);
      const me = await ctx.client.auth.me.query();
      const input = {
        openingStation: me.station,
        partnerStation: opts.partner,
        disputeType: opts.type,
        summary: opts.summary,
        mechanism:
          opts.mechanism === 'professional'
            ? { kind: 'professional', organisation: opts.organisation }
            : { kind: opts.mechanism },
        parties: opts.parties ? await readJsonFile(opts.parties) : [],
      } as RouterInputs['mediation']['open'];
      printMediation(ctx, await ctx.client.mediation.open.mutate(input));
    });

  mediations
    .command('list')
    .description('mediations, newest first')
    .addOption(new Option('--status <status...>').choices(STATUSES))
    .option('--follow-up-overdue', 'only those with an overdue follow-up visit')
    .option('--text <words>')
    .option('--cursor <cursor>')
    .action(async (opts, command: Command) => {
      const ctx = await cliContext(command);
      const page = await ctx.client.mediation.list.query({
        status: opts.status,
        text: opts.text,
        cursor: opts.cursor,
        followUpOverdue: opts.followUpOverdue ? true : undefined,
      } as RouterInputs['mediation']['list']);
      if (ctx.json) return printJson(page);
      printTable(
        ['id', 'type', 'status', 'title', 'from', 'to', 'filed', 'overdue'],
        page.items.map((m) => [
          m.id,
          label(m.disputeType, ctx.lang),
          statusLabel(m.status, ctx.lang),
          m.summary,
          m.openingStation,
          m.partnerStation,
          relativeTime(m.openedAt, ctx.lang),
          label(m.followUpOverdue ? 'yes' : 'no', ctx.lang),
        ]),
        ctx.lang,
      );
    });

  mediations
    .command('show <id>')
    .description('a mediation with its signatures and signed timeline')
    .action(async (id: string, _opts, command: Command) => {
      const ctx = await cliContext(command);
      printMediation(ctx, await ctx.client.mediation.get.query({ id }));
    });

  mediations
    .command('add-party <id>')
    .description('add a party to the dispute')
    .requiredOption('--name <name>')
    .requiredOption('--province <province>')
    .addOption(new Option('--role <role>').choices(PARTY_ROLES).makeOptionMandatory())
    .option('--contact <text>')
    .action(
      async (
        id: string,
        opts: { name: string; province: string; role: PartyRole; contact?: string },
        command: Command,
      ) => {
        const ctx = await cliContext(command);
        printMediation(ctx, await ctx.client.mediation.addParty.mutate({ id, ...opts }));
      },
    );

  mediations
    .command('add-mediator <id>')
    .description('add a mediator: an officer of either side, or a community volunteer (e.g. 五老)')
    .requiredOption('--name <name>')
    .addOption(new Option('--kind <kind>').choices(MEDIATOR_KINDS).makeOptionMandatory())
    .option('--side <node>', 'the node whose side they serve (e.g. fj-shouning)')
    .option('--note <text>')
    .action(
      async (
        id: string,
        opts: { name: string; kind: MediatorKind; side?: string; note?: string },
        command: Command,
      ) => {
        const ctx = await cliContext(command);
        const { side, ...mediator } = opts;
        printMediation(ctx, await ctx.client.mediation.addMediator.mutate({ id, ...mediator, node: side }));
      },
    );

  mediations
    .command('session <id>')
    .description('record a mediation session')
    .requiredOption('--place <text>')
    .option('--at <iso>', 'when (default: now)')
    .option('--attendees <names...>')
    .option('--notes <text>')
    .action(
      async (
        id: string,
        opts: { place: string; at?: string; attendees?: string[]; notes?: string },
        command: Command,
      ) => {
        const ctx = await cliContext(command);
        printMediation(
          ctx,
          await ctx.client.mediation.recordSession.mutate({
            id,
            place: opts.place,
            at: opts.at ?? new Date().toISOString(),
            attendees: opts.attendees ?? [],
            notes: opts.notes,
          }),
        );
      },
    );

  mediations
    .command('propose <id>')
    .description('propose agreement terms (both sides must then sign)')
    .requiredOption('--terms <text>')
    .action(async (id: string, opts: { terms: string }, command: Command) => {
      const ctx = await cliContext(command);
      printMediation(ctx, await ctx.client.mediation.proposeAgreement.mutate({ id, terms: opts.terms }));
    });

  mediations
    .command('sign <id>')
    .description("sign the terms in force (their hash is read from this node's copy)")
    .action(async (id: string, _opts, command: Command) => {
      const ctx = await cliContext(command);
      const current = await ctx.client.mediation.get.query({ id });
      const termsHash =
        (current.state as { agreement: { termsHash: string } | null }).agreement?.termsHash ?? '';
      printMediation(ctx, await ctx.client.mediation.signAgreement.mutate({ id, termsHash }));
    });

  mediations
    .command('outcome <id>')
    .description('record the outcome')
    .addOption(new Option('--result <result>').choices(RESULTS).makeOptionMandatory())
    .addOption(new Option('--referred-to <where>').choices(REFERRED_TO))
    .option('--note <text>')
    .action(
      async (
        id: string,
        opts: { result: Outcome['result']; referredTo?: Outcome['referredTo']; note?: string },
        command: Command,
      ) => {
        const ctx = await cliContext(command);
        printMediation(ctx, await ctx.client.mediation.recordOutcome.mutate({ id, ...opts }));
      },
    );

  mediations
    .command('follow-up <id>')
    .description('record the follow-up visit (回访)')
    .addOption(new Option('--result <result>').choices(FOLLOW_UP_RESULTS).makeOptionMandatory())
    .option('--note <text>')
    .action(async (id: string, opts: { result: FollowUpResult; note?: string }, command: Command) => {
      const ctx = await cliContext(command);
      printMediation(ctx, await ctx.client.mediation.recordFollowUp.mutate({ id, ...opts }));
    });
}
