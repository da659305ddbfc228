export {
  type CreateDatabaseOptions,
  createDatabase,
  type PoolUsage,
  poolUsage,
} from './create-database.ts';
export { isMigrated, MigrationError, migrateToLatest } from './migrate.ts';
export { type PreparedStatement, runPrepared } from './prepared-query.ts';
export type { DatabaseProvider } from './providers/database-provider.ts';
export {
  EmbeddedPostgresError,
  type EmbeddedProviderOptions,
  embeddedPostgresBinDir,
  embeddedPostgresMajor,
  startEmbeddedPostgres,
} from './providers/embedded-provider.ts';
export { urlProvider } from './providers/url-provider.ts';
export type * from './schema.ts';
