import { randomUUID } from 'node:crypto';
import { Command, Option } from 'commander';
import { appendAuditRowAlone } from '../audit/sql/append-audit-row.ts';
import { ROLES, type Role } from '../auth/roles.ts';
import { ConfigError, loadConfig } from '../config/node-config.ts';
import { sha256Hex } from '../crypto/hash.ts';
import { TiemengError } from '../errors/index.ts';
import { openNode, startNode } from '../node/start-node.ts';
import { configSummary } from './check-config.ts';
import { readStdinSecret } from './read-secret.ts';

const program = new Command('tiemeng-node')
  .description('Tiemeng (铁盟警务) node: serves the signed, audited cooperation API of one jurisdiction')
  .showHelpAfterError();

const configOption = new Option('-c, --config <file>', 'node config JSON')
  .env('TIEMENG_CONFIG')
  .makeOptionMandatory();
const config = (file: string) => loadConfig({ file, env: process.env });

program
  .command('serve', { isDefault: true })
  .description('run the node (migrates first)')
  .addOption(configOption)
  .action(async (opts: { config: string }) => {
    const starting = startNode(config(opts.config));
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      // A signal during start-up (the node may already answer /readyz) waits for it, then stops it cleanly.
      const node = await starting;
      node.services.log.info({ signal }, 'stopping');
      await node.stop();
      process.exit(0);
    };
    // SIGHUP too: a closed terminal must not leave an embedded PostgreSQL running without its node.
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const)
      process.on(signal, () => void stop(signal).catch(() => process.exit(1)));
    await starting;
  });

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .addOption(configOption)
  .action(async (opts: { config: string }) => {
    const { close } = await openNode(config(opts.config));
    await close();
    console.log('migrations up to date');
  });

program
  .command('create-officer')
  .description('create an officer account (password from TIEMENG_PASSWORD or --password-stdin)')
  .addOption(configOption)
  .requiredOption('--username <name>')
  .requiredOption('--station <id>')
  .option('--display-name <name>')
  .addOption(new Option('--roles <roles>', `comma-separated: ${ROLES.join(', ')}`).default('officer'))
  .option('--password-stdin', 'read the password from standard input')
  .action(
    async (opts: {
      config: string;
      username: string;
      station: string;
      displayName?: string;
      roles: string;
      passwordStdin?: boolean;
    }) => {
      const roles = opts.roles.split(',').map((r) => r.trim());
      const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
      if (unknown.length)
        throw new UsageError(`unknown roles: ${unknown.join(', ')} (known: ${ROLES.join(', ')})`);
      const password = opts.passwordStdin ? await readStdinSecret() : process.env.TIEMENG_PASSWORD;
      if (!password) throw new UsageError('no password: set TIEMENG_PASSWORD or pass --password-stdin');
      if (password.length < 10) throw new UsageError('the password must have at least 10 characters');
      const { services, close } = await openNode(config(opts.config));
      try {
        const officer = await services.admin.officers.create(services.db, {
          username: opts.username,
          displayName: opts.displayName ?? opts.username,
          stationId: opts.station,
          roles: roles as Role[],
          password,
        });
        await appendAuditRowAlone(services.db, {
          at: services.clock.now(),
          nodeId: services.config.nodeId,
          actorType: 'system',
          actorId: process.env.USER ?? null,
          procedure: 'cli.create-officer',
          recordIds: [officer.id],
          outcome: 'ok',
          errorCode: null,
          requestId: randomUUID(),
          inputHash: sha256Hex(JSON.stringify({ username: opts.username, station: opts.station, roles })),
        });
        console.log(
          `created officer ${officer.username} (${officer.id}) at ${officer.stationId}: ${officer.roles.join(', ')}`,
        );
      } finally {
        await close();
      }
    },
  );

program
  .command('verify-audit')
  .description('recompute the audit hash chain; exit 1 and name the first broken row if it fails')
  .addOption(configOption)
  .action(async (opts: { config: string }) => {
    const { services, close } = await openNode(config(opts.config));
    try {
      const result = await services.audit.verify();
      console.log(JSON.stringify(result));
      if (!result.ok) process.exitCode = 1;
    } finally {
      await close();
    }
  });

program
  .command('check-config')
  .description(
    'validate the config (file and environment overrides): exit 0 with a summary, or 1 naming every wrong field',
  )
  .addOption(configOption)
  // A usage error (no --config, an unknown option) is told apart from a wrong config.
  .exitOverride((err) => {
    if (err.exitCode === 0) process.exit(0);
    process.exit(2);
  })
  .action((opts: { config: string }) => {
    console.log(configSummary(config(opts.config)));
  });

class UsageError extends Error {}

try {
  await program.parseAsync();
} catch (err) {
  const message =
    err instanceof ConfigError || err instanceof UsageError || err instanceof TiemengError
      ? err.message
      : err instanceof Error
        ? `${err.name}: ${err.message}`
        : String(err);
  console.error(`tiemeng-node: ${message}`);
  process.exit(err instanceof UsageError ? 2 : 1);
}
