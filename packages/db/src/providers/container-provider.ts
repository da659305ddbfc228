import type { DatabaseProvider } from './database-provider.ts';

/**
 * Starts PostgreSQL in a Docker container through Testcontainers, for tests on machines with a Docker
 * engine. Returns undefined when no engine answers, so the caller can fall back.
 */
export async function startContainerPostgres(): Promise<DatabaseProvider | undefined> {
  let testcontainers: typeof import('@testcontainers/postgresql');
  try {
    testcontainers = await import('@testcontainers/postgresql');
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
  } catch {
    return undefined;
  }
  const container = await new testcontainers.PostgreSqlContainer('postgres:17-alpine').start();
  return {
    kind: 'container',
    connectionString: container.getConnectionUri(),
    stop: async () => {
      await container.stop();
    },
  };
}
