import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createDatabase, type DatabaseProvider, startEmbeddedPostgres, urlProvider } from '@tiemeng/db';
import { sql } from 'kysely';
import type { NodeConfig } from '../config/node-config.ts';
import { TiemengError } from '../errors/index.ts';
import { pgEnv, pgTool, runPgTool } from './pg-tools.ts';

export const MANIFEST = 'manifest.json';
const DUMP = 'database.dump';

/** What `backup` writes beside the dump: enough to check a restore and to know what else it needs. */
export interface BackupManifest {
  format: 'tiemeng-backup';
  version: 1;
  nodeId: string;
  takenAt: string;
  database: {
    file: string;
    sha256: string;
    bytes: number;
    serverVersion: string;
    pgDumpMajor: number;
    /** The newest migration in the dump: a node of an older version must not be started on it. */
    migration: string | null;
  };
  /** Heads of the node's links when the dump was taken (the restore drill compares them). */
  links: { from: string; to: string; seq: number }[];
  /** The last audit row in the dump: audit rows written after it are lost by a restore. */
  auditRowId: number | null;
  keys: {
    /** Signing keys in the dump (their private halves are in the database). */
    kids: string[];
    /**
     * Not in the backup and needed to use it: the key-encryption key named in the config, when the
     * signing keys are encrypted at rest. Keep it apart from the backup.
     */
    encryption: unknown;
  };
  /** The node config the backup was taken with (it names no secrets). */
  config: unknown;
}

/** The node's database, opened for backup or restore without migrating or serving anything. */
export async function openDatabase(config: NodeConfig): Promise<DatabaseProvider> {
  return 'url' in config.database
    ? urlProvider(config.database.url)
    : startEmbeddedPostgres({ ...config.database.embedded, database: 'tiemeng' });
}

/**
 * Writes a consistent `pg_dump` of the node's database (one snapshot, custom format) and a manifest
 * to `outDir`, which must be empty or new. The node may keep running meanwhile.
 *
 * @example
 * const manifest = await backupNode(config, '/var/backups/tiemeng/2026-12-03', rawConfig);
 */
export async function backupNode(
  config: NodeConfig,
  outDir: string,
  rawConfig: unknown,
  step: (what: string) => void = () => {},
): Promise<BackupManifest> {
  await mkdir(outDir, { recursive: true });
  if ((await readdir(outDir)).length > 0)
    throw new TiemengError('INVALID_INPUT', {
      message: `${outDir} is not empty: back up into a new directory`,
    });
  const provider = await openDatabase(config);
  const db = createDatabase({ connectionString: provider.connectionString });
  try {
    step('reading the database');
    const server = await serverVersion(db);
    const dump = await pgTool('pg_dump', server.major, { pgBin: config.backup?.pgBin });
    const env = pgEnv(provider.connectionString);
    const file = path.join(outDir, DUMP);
    step(`dumping with ${dump.file}`);
    await runPgTool(dump.file, ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`], env);
    step('describing the backup');
    // Read after the dump, from the dump's own tables via the database: good enough for a description;
    // the dump itself is the one consistent snapshot.
    const [links, audit, keys, migration] = await Promise.all([
      db.selectFrom('link_head').select(['from_node', 'to_node', 'seq']).orderBy('from_node').execute(),
      db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst(),
      db.selectFrom('node_key').select('kid').orderBy('created_at').execute(),
      sql<{ name: string }>`select max(name) as name from kysely_migration`.execute(db),
    ]);
    const manifest: BackupManifest = {
      format: 'tiemeng-backup',
      version: 1,
      nodeId: config.nodeId,
      takenAt: new Date().toISOString(),
      database: {
        file: DUMP,
        ...(await digest(file)),
        serverVersion: server.version,
        pgDumpMajor: dump.major,
        migration: migration.rows[0]?.name ?? null,
      },
      links: links.map((l) => ({ from: l.from_node, to: l.to_node, seq: Number(l.seq) })),
      auditRowId: audit?.id == null ? null : Number(audit.id),
      keys: {
        kids: keys.map((k) => k.kid),
        encryption: (rawConfig as { keys?: unknown } | undefined)?.keys ?? null,
      },
      config: rawConfig,
    };
    await writeFile(path.join(outDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    return manifest;
  } finally {
    await db.destroy();
    await provider.stop();
  }
}

/**
 * Replaces the node's database with the backup in `fromDir` (stop every process of the node first).
 * Checks the manifest names this node and the dump's digest; then empties the schema and restores
 * the dump (in one transaction).
 */
export async function restoreNode(
  config: NodeConfig,
  fromDir: string,
  step: (what: string) => void = () => {},
): Promise<BackupManifest> {
  const manifest = await readManifest(fromDir);
  if (manifest.nodeId !== config.nodeId) {
    throw new TiemengError('INVALID_INPUT', {
      message: `the backup is of ${manifest.nodeId}, this config is ${config.nodeId}`,
    });
  }
  const file = path.join(fromDir, manifest.database.file);
  step('checking the dump');
  const { sha256 } = await digest(file);
  if (sha256 !== manifest.database.sha256)
    throw new TiemengError('INVALID_INPUT', { message: `${file} does not match its manifest (damaged?)` });
  const provider = await openDatabase(config);
  const db = createDatabase({ connectionString: provider.connectionString });
  try {
    const server = await serverVersion(db);
    const restore = await pgTool('pg_restore', Math.max(server.major, manifest.database.pgDumpMajor), {
      pgBin: config.backup?.pgBin,
    });
    const env = pgEnv(provider.connectionString);
    step(`restoring with ${restore.file}`);
    // pg_restore's --clean drops only what the dump holds: tables of later migrations would stay and
    // the node's next migration would trip over them. So the schema is emptied first; a restore that
    // then fails leaves it empty (run it again), never half old and half new.
    await sql`drop schema if exists public cascade`.execute(db);
    await sql`create schema public`.execute(db);
    await db.destroy();
    await runPgTool(
      restore.file,
      [
        '--no-owner',
        '--no-privileges',
        '--exit-on-error',
        '--single-transaction',
        `--dbname=${env.PGDATABASE}`,
        file,
      ],
      env,
    );
    return manifest;
  } finally {
    await db.destroy().catch(() => {});
    await provider.stop();
  }
}

export async function readManifest(fromDir: string): Promise<BackupManifest> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(fromDir, MANIFEST), 'utf8'));
  } catch (err) {
    throw new TiemengError('INVALID_INPUT', {
      message: `${fromDir} holds no readable ${MANIFEST}: ${(err as Error).message}`,
    });
  }
  if (manifest?.format !== 'tiemeng-backup' || manifest.version !== 1)
    throw new TiemengError('INVALID_INPUT', {
      message: `${fromDir}/${MANIFEST} is not a Tiemeng backup manifest`,
    });
  return manifest;
}

async function serverVersion(db: ReturnType<typeof createDatabase>) {
  const { rows } = await sql<{ v: string; n: string }>`
    select current_setting('server_version') as v, current_setting('server_version_num') as n`.execute(db);
  return { version: rows[0]!.v, major: Math.floor(Number(rows[0]!.n) / 10_000) };
}

async function digest(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
