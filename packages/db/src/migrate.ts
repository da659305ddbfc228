import { type Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { migrationProvider, migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Brings the schema to the latest migration. Safe to call from several processes at once:
 * Kysely's Migrator serialises runs with a lock table.
 *
 * @returns the names of migrations applied by this call
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const known = Object.keys(migrations);
  const unknown = await appliedButUnknown(db, known);
  if (unknown.length > 0) {
    throw new MigrationError(
      `the database has migrations this version does not know (${unknown.join(', ')}): it was migrated by a newer Tiemeng. Upgrade this node instead of running an older one against it.`,
    );
  }
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    // No migration named: it failed before any ran (e.g. creating Kysely's lock table).
    throw new MigrationError(
      failed
        ? `migration ${failed} failed: ${reason}`
        : `could not reach or lock the database to migrate it: ${reason}`,
    );
  }
  // Kysely reports only the migrations this call ran.
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** PostgreSQL's SQLSTATE for "relation does not exist". */
const UNDEFINED_TABLE = '42P01';

/**
 * True when every known migration has been applied. Reads only Kysely's migration table (one cheap
 * query, as readiness probes call this often); false when that table does not exist yet. Any other
 * error, such as an unreachable database, propagates.
 */
export async function isMigrated(db: Kysely<Database>): Promise<boolean> {
  const applied = new Set(await appliedMigrations(db));
  return Object.keys(migrations).every((name) => applied.has(name));
}

/** The names in Kysely's migration table; none when it does not exist yet. Other errors propagate. */
async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    return rows.map((r) => r.name);
  } catch (err) {
    if ((err as { code?: unknown } | null)?.code === UNDEFINED_TABLE) return []; // a fresh database
    throw err;
  }
}

async function appliedButUnknown(db: Kysely<Database>, known: string[]): Promise<string[]> {
  try {
    return (await appliedMigrations(db)).filter((n) => !known.includes(n));
  } catch (err) {
    // pg's connection errors can have an empty message (an AggregateError): the code says it then.
    const reason = (err as Error).message || String((err as { code?: unknown }).code ?? err);
    throw new MigrationError(`could not reach the database: ${reason}`, { cause: err });
  }
}
