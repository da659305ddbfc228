import { type Command, Option } from 'commander';
import type { RouterInputs } from '../../tiemeng-client.ts';
import { choices } from '../choices.ts';
import { cliContext } from '../cli-context.ts';
import { label } from '../labels.ts';
import { printJson, printTable, say } from '../output.ts';
import { readPassword } from './login.ts';

type Role = RouterInputs['admin']['officers']['create']['roles'][number];
const ROLES = choices<Role>()(['officer', 'duty', 'command', 'auditor', 'admin']);

/** `tiemeng admin …`: officers, stations and the signing key (admin role). */
export function registerAdmin(program: Command): void {
  const admin = program.command('admin').description('officers, stations and signing keys (admin)');

  const officers = admin.command('officers').description('officer accounts');
  officers
    .command('list')
    .description('officer accounts, by username')
    .option('--station <station>', 'only this station')
    .option('--all', 'disabled accounts too')
    .action(async (opts: { station?: string; all?: boolean }, command: Command) => {
      const ctx = await cliContext(command);
      const list = await ctx.client.admin.officers.list.query({
        stationId: opts.station,
        includeDisabled: Boolean(opts.all),
      });
      if (ctx.json) return printJson(list);
      printTable(
        ['username', 'name', 'station', 'roles', 'disabled', 'mustChangePassword'],
        list.map((o) => [
          o.username,
          o.displayName,
          o.stationId,
          o.roles.join(','),
          label(o.disabled ? 'yes' : 'no', ctx.lang),
          label(o.mustChangePassword ? 'yes' : 'no', ctx.lang),
        ]),
        ctx.lang,
      );
    });
  officers
    .command('create')
    .description('create an officer account (the password is asked for, or read with --password-stdin)')
    .requiredOption('--username <username>')
    .requiredOption('--name <display name>')
    .requiredOption('--station <station>')
    .addOption(new Option('--roles <role...>').choices(ROLES).makeOptionMandatory())
    .option('--password-stdin', 'read the first password from standard input')
    .action(
      async (
        opts: { username: string; name: string; station: string; roles: Role[]; passwordStdin?: boolean },
        command: Command,
      ) => {
        const ctx = await cliContext(command);
        const password = await readPassword(opts);
        const officer = await ctx.client.admin.officers.create.mutate({
          username: opts.username,
          displayName: opts.name,
          stationId: opts.station,
          roles: opts.roles,
          password,
        });
        if (ctx.json) return printJson(officer);
        say(`${officer.username}  ${officer.stationId}  ${officer.roles.join(',')}  ${officer.id}`);
      },
    );
  officers
    .command('disable <username>')
    .description('disable an account: it can no longer sign in')
    .action(async (username: string, _opts, command: Command) => {
      const ctx = await cliContext(command);
      const officer = await ctx.client.admin.officers.disable.mutate({ username });
      if (ctx.json) return printJson(officer);
      say(`${officer.username}: ${label('disabled', ctx.lang)}`);
    });

  officers
    .command('reset-password <username>')
    .description('a one-time password the officer must change at the next sign-in; signs them out everywhere')
    .action(async (username: string, _opts, command: Command) => {
      const ctx = await cliContext(command);
      const reset = await ctx.client.admin.officers.resetPassword.mutate({ username });
      if (ctx.json) return printJson(reset);
      say(JSON.stringify(reset));
    });
  officers
    .command('unlock <username>')
    .description('lift the sign-in throttle on an account')
    .action(async (username: string, _opts, command: Command) => {
      const ctx = await cliContext(command);
      const unlocked = await ctx.client.admin.officers.unlock.mutate({ username });
      if (ctx.json) return printJson(unlocked);
      say(`${username}: ok`);
    });
  officers
    .command('set-roles <username>')
    .description("replace an officer's roles; they take effect on the next call")
    .addOption(new Option('--roles <role...>').choices(ROLES).makeOptionMandatory())
    .action(async (username: string, opts: { roles: Role[] }, command: Command) => {
      const ctx = await cliContext(command);
      const officer = await ctx.client.admin.officers.setRoles.mutate({ username, roles: opts.roles });
      if (ctx.json) return printJson(officer);
      say(`${officer.username}  ${officer.roles.join(',')}`);
    });

  const stations = admin.command('stations').description('police stations served by nodes');
  stations
    .command('list')
    .description('stations known to this node, ours and the partners')
    .action(async (_opts, command: Command) => {
      const ctx = await cliContext(command);
      const list = await ctx.client.admin.stations.list.query();
      if (ctx.json) return printJson(list);
      printTable(
        ['id', 'node', 'name', 'province', 'disabled'],
        list.map((s) => [
          s.id,
          s.nodeId,
          ctx.lang === 'zh' ? s.nameZh : s.nameEn,
          s.province,
          label(s.disabled ? 'yes' : 'no', ctx.lang),
        ]),
        ctx.lang,
      );
    });
  stations
    .command('create')
    .description('add a station served by a node')
    .requiredOption('--id <station>')
    .requiredOption('--served-by <node>', 'the node that serves it')
    .requiredOption('--name-zh <name>')
    .requiredOption('--name-en <name>')
    .requiredOption('--province <province>')
    .action(
      async (
        opts: { id: string; servedBy: string; nameZh: string; nameEn: string; province: string },
        command: Command,
      ) => {
        const ctx = await cliContext(command);
        const station = await ctx.client.admin.stations.create.mutate({
          id: opts.id,
          nodeId: opts.servedBy,
          nameZh: opts.nameZh,
          nameEn: opts.nameEn,
          province: opts.province,
        });
        if (ctx.json) return printJson(station);
        say(`${station.id}  ${station.nodeId}  ${station.nameZh} / ${station.nameEn}`);
      },
    );
  stations
    .command('disable <station>')
    .description('disable a station: no new records name it')
    .action(async (id: string, _opts, command: Command) => {
      const ctx = await cliContext(command);
      const station = await ctx.client.admin.stations.disable.mutate({ id });
      if (ctx.json) return printJson(station);
      say(`${station.id}: ${label('disabled', ctx.lang)}`);
    });

  admin
    .command('keys')
    .description("the node's signing keys")
    .command('rotate')
    .description('sign with a new key from now on; older keys keep verifying')
    .action(async (_opts, command: Command) => {
      const ctx = await cliContext(command);
      const rotated = await ctx.client.admin.keys.rotate.mutate();
      if (ctx.json) return printJson(rotated);
      say(`${label('signingKey', ctx.lang)}: ${rotated.kid}  (${rotated.keys.join(', ')})`);
    });
}
