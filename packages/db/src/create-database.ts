import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

const INT8_OID = 20;

/**
 * node-postgres returns `int8` (bigserial ids, link seq, `count(*)`) as strings.
 * Our int8 values stay far below 2^53, so read them as numbers, deliberately, per pool.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Longest wait for a free pool connection (or a new one) before the query fails. */
const CONNECTION_WAIT_MS = 30_000;

export interface CreateDatabaseOptions {
  connectionString: string;
  /** Pool size; defaults to 10. */
  max?: number;
}

/**
 * Opens a Kysely instance on a PostgreSQL connection string.
 *
 * @example
 * const db = createDatabase({ connectionString: 'postgres://postgres@127.0.0.1:5432/tiemeng' });
 * await db.selectFrom('station').selectAll().execute();
 * await db.destroy();
 */
export function createDatabase(options: CreateDatabaseOptions): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    types,
    // A call that waits this long for a connection fails (and lets go of what it holds) rather
    // than waiting forever; under load a connection is free within milliseconds.
    connectionTimeoutMillis: CONNECTION_WAIT_MS,
  });
  // An idle client losing its server (restart, network) must not crash the process.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
