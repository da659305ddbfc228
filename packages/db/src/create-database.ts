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
  /** How long a connection may sit idle in the pool before it is closed; defaults to 10 s. */
  idleTimeoutMs?: number;
  /** Longest wait for a free pool connection (or a new one) before the query fails; defaults to 30 s. */
  connectionTimeoutMs?: number;
}

/** What a database's connection pool holds right now (for metrics). */
export interface PoolUsage {
  max: number;
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}

const pools = new WeakMap<Kysely<Database>, pg.Pool>();

/** The connection pool of a database opened by `createDatabase` (undefined for any other). */
export function poolOf(db: Kysely<Database>): pg.Pool | undefined {
  return pools.get(db);
}

/** The pool usage of a database opened by `createDatabase` (undefined for any other). */
export function poolUsage(db: Kysely<Database>): PoolUsage | undefined {
  const pool = poolOf(db);
  if (!pool) return undefined;
  return {
    max: pool.options.max,
    total: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
  };
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
    idleTimeoutMillis: options.idleTimeoutMs ?? 10_000,
    // A call that waits this long for a connection fails (and lets go of what it holds) rather
    // than waiting forever; under load a connection is free within milliseconds.
    connectionTimeoutMillis: options.connectionTimeoutMs ?? CONNECTION_WAIT_MS,
  });
  // An idle client losing its server (restart, network) must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}
