import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { markRestore, type RestoreCut } from '../audit/restore-cut.ts';
import { appendAuditRowAlone } from '../audit/sql/append-audit-row.ts';
import { ROLES, type Role } from '../auth/roles.ts';
import { backupNode, restoreNode } from '../backup/backup-node.ts';
import { ConfigError, loadConfig } from '../config/node-config.ts';
import { sha256Hex } from '../crypto/hash.ts';
import { TiemengError } from '../errors/index.ts';
import { openNode, startNode } from '../node/start-node.ts';
import { PeerClient } from '../peer/peer-client.ts';
import { type PeerRecovery, recoverFromPeers } from '../sync/recover-own-link.ts';
import { NODE_VERSION } from '../version.ts';
import { configSummary } from './check-config.ts';
import { createProgress } from './progress.ts';
import { readStdinSecret } from './read-secret.ts';

const program = new Command('tiemeng-node')
  .version(NODE_VERSION, '-V, --version', 'the node version')
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
    // Handlers first: the node answers /readyz before startNode returns, and a signal in that gap
    // must stop it cleanly too, not kill it with an embedded PostgreSQL left running.
    let stopRequested: string | undefined;
    let stop = (signal: string) => {
      stopRequested ??= signal;
    };
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop(signal));
    const node = await startNode(config(opts.config));
    let stopping = false;
    stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      node.services.log.info({ signal }, 'stopping');
      void node.stop().then(() => process.exit(0));
    };
    if (stopRequested) return stop(stopRequested);
    // SIGHUP reloads the TLS certificate of a node serving HTTPS (systemd's reload). Without TLS it
    // stops the node: a closed terminal must not leave an embedded PostgreSQL running without it.
    process.on('SIGHUP', () => {
      try {
        if (!node.reloadTls()) return void stop('SIGHUP');
        node.services.log.info(
          { certFile: node.services.config.http.tls?.certFile },
          'TLS certificate reloaded',
        );
      } catch (err) {
        // A half-written or unreadable file keeps the certificate in use.
        node.services.log.error({ err: (err as Error).message }, 'TLS certificate not reloaded');
      }
    });
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

program
  .command('backup')
  .description('write a consistent pg_dump of the node database and a manifest to a new directory')
  .addOption(configOption)
  .requiredOption('--out <dir>', 'a new (or empty) directory')
  .option('--json', 'print the manifest as JSON')
  .action(async (opts: { config: string; out: string; json?: boolean }) => {
    const progress = steps(opts.json, 3);
    const manifest = await backupNode(
      config(opts.config),
      opts.out,
      rawConfig(opts.config),
      progress.step,
    ).finally(progress.stop);
    if (opts.json) return console.log(JSON.stringify(manifest));
    console.log(
      `backed up ${manifest.nodeId} to ${opts.out} (${manifest.database.bytes} bytes, ` +
        `links ${manifest.links.map((l) => `${l.from}→${l.to} ${l.seq}`).join(', ') || 'none'}, ` +
        `audit row ${manifest.auditRowId ?? 0})`,
    );
    if (manifest.keys.encryption)
      console.log(
        'the dump holds the signing key sealed with the key-encryption key named in the config, which is not in the backup: keep the two apart',
      );
    else console.log('the dump holds the signing key in the clear: keep it as safe as the database');
  });

program
  .command('restore')
  .description('replace the node database with a backup (stop the node first), then recover from partners')
  .addOption(configOption)
  .requiredOption('--from <dir>', 'a directory written by `backup`')
  .option('--json', 'print the outcome as JSON')
  .action(async (opts: { config: string; from: string; json?: boolean }) => {
    const cfg = config(opts.config);
    const progress = steps(opts.json, 3);
    const manifest = await restoreNode(cfg, opts.from, progress.step).catch((err) => {
      progress.stop();
      throw err;
    });
    progress.step('migrating and recovering from partners');
    // The partners hold copies of what this node signed and received since the backup: take them back now.
    const { services, close } = await openNode(cfg);
    let peers: PeerRecovery[];
    let cut: RestoreCut;
    try {
      // First the chain says where it was cut (before recovery writes anything): rows after the
      // backup's last one are gone, and audit.verify names a partner's anchors of them as lost here.
      cut = await markRestore(services.db, {
        at: services.clock.now(),
        nodeId: cfg.nodeId,
        actorId: process.env.USER ?? null,
        backupTakenAt: manifest.takenAt,
      });
      peers = await recoverFromPeers(
        services.sync.deps,
        cfg.peers.map((p) => new PeerClient(services.signer, p)),
      );
    } finally {
      progress.stop();
      await close();
    }
    if (opts.json) return console.log(JSON.stringify({ restored: manifest.takenAt, cut, peers }));
    console.log(
      `restored ${manifest.nodeId} from the backup taken at ${manifest.takenAt}: audit rows after ` +
        `${cut.keptRowId} are lost, audit row ${cut.restoreRowId} records the restore`,
    );
    for (const p of peers)
      console.log(
        p.error
          ? `${p.peer}: not reached (${p.error}); the node recovers from it when it answers — start the node only once it does`
          : `${p.peer}: ${p.recovered} own entries recovered, ${p.pulled} of its entries pulled`,
      );
  });

/** The config file as written (the manifest keeps it; it names no secrets). */
function rawConfig(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Steps of long work as a bar on stderr when it is a terminal; silent with --json or when piped. */
function steps(json: boolean | undefined, total: number) {
  const progress = createProgress({ json });
  let done = 0;
  return {
    step: (what: string) => progress.update(done++, total, what),
    stop: () => progress.stop(),
  };
}

class UsageError extends Error {}

// Commander's own usage errors (an unknown option or command, a missing one) exit 2, as the
// tiemeng CLI's do, instead of its default 1; it has printed the message already.
for (const command of [program, ...program.commands]) command.exitOverride();

try {
  await program.parseAsync();
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
  // A Tiemeng error leads with its stable code (e.g. PG_TOOL_MISMATCH), as the tiemeng CLI's do.
  const message =
    err instanceof TiemengError
      ? `${err.appCode}: ${err.message}`
      : err instanceof ConfigError || err instanceof UsageError
        ? err.message
        : err instanceof Error
          ? `${err.name}: ${err.message}`
          : String(err);
  console.error(`tiemeng-node: ${message}`);
  process.exit(err instanceof UsageError ? 2 : 1);
}
