import type { DatabaseProvider } from './database-provider.ts';

/** An external PostgreSQL named by a connection string (`DATABASE_URL`); nothing to stop. */
export function urlProvider(connectionString: string): DatabaseProvider {
  return { kind: 'url', connectionString, stop: async () => {} };
}
