import { CompiledQuery, type Kysely } from 'kysely';
import pg from 'pg';
import { poolOf } from './create-database.ts';
import type { Database } from './schema.ts';

/** A statement run often enough that parsing and planning it on every run would cost more than running it. */
export interface PreparedStatement {
  /** Unique per text: PostgreSQL keeps the statement under this name on each connection. */
  name: string;
  /** The SQL, with `$1`… placeholders. */
  text: string;
}

/**
 * Runs `statement` as a named prepared statement on one of `db`'s pooled connections: each
 * connection parses and plans it once, then only binds and executes it. Worth it for a short
 * statement run hundreds of times a second (a group commit of audit rows), where parsing and
 * planning cost as much as executing. Outside a pool made by `createDatabase` (a transaction, say),
 * the statement runs unnamed.
 *
 * @example
 * const { rowCount } = await runPrepared(db, { name: 'touch', text: 'update t set n = n + 1 where id = $1' }, [7]);
 */
export async function runPrepared(
  db: Kysely<Database>,
  statement: PreparedStatement,
  values: readonly unknown[],
): Promise<{ rows: unknown[]; rowCount: number }> {
  const pool = poolOf(db);
  if (!pool) {
    const result = await db.executeQuery(CompiledQuery.raw(statement.text, [...values]));
    return { rows: result.rows as unknown[], rowCount: Number(result.numAffectedRows ?? result.rows.length) };
  }
  // Checked out by hand: the pool's own `query` closes a connection after any error, and a refused
  // statement (a unique key, say) would then cost a new connection and a new preparation.
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const result = await client.query({ name: statement.name, text: statement.text, values: [...values] });
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  } catch (err) {
    // The server refused the statement and the connection is fine; anything else may have broken it.
    if (!(err instanceof pg.DatabaseError)) broken = err as Error;
    throw err;
  } finally {
    client.release(broken);
  }
}
