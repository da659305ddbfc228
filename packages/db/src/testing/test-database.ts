import { randomBytes } from 'node:crypto';
import os, { constants as osConstants } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startContainerPostgres } from '../providers/container-provider.ts';
import type { DatabaseProvider } from '../providers/database-provider.ts';
import { startEmbeddedPostgres } from '../providers/embedded-provider.ts';
import { urlProvider } from '../providers/url-provider.ts';

/**
 * The server tests run against: `TEST_DATABASE_URL` first, else a Testcontainers PostgreSQL when a
 * Docker engine answers, else an embedded cluster in the OS temp dir. Call once per test run.
 */
export async function startTestServer(env: NodeJS.ProcessEnv = process.env): Promise<DatabaseProvider> {
  if (env.TEST_DATABASE_URL) return urlProvider(env.TEST_DATABASE_URL);
  const container = await startContainerPostgres();
  if (container) return container;
  const port = 55_000 + Math.floor(Math.random() * 5_000);
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(os.tmpdir(), `tiemeng-test-pg-${port}`),
    port,
    database: 'postgres',
  });
  // A test run stopped by a signal stops its server too, then ends as that signal would have.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const onSignal = (signal: NodeJS.Signals) =>
    void embedded.stop().finally(() => process.exit(128 + osConstants.signals[signal]));
  for (const signal of signals) process.once(signal, onSignal);
  return {
    ...embedded,
    stop: () => {
      for (const signal of signals) process.off(signal, onSignal);
      return embedded.stop();
    },
  };
}

export interface TestDatabase {
  connectionString: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * Creates a fresh, empty database on the test server so each test file (or node in a test) has its own.
 *
 * @example
 * const tdb = await createTestDatabase(inject('testServerUrl'));
 * afterAll(() => tdb.drop());
 */
export async function createTestDatabase(serverUrl: string, prefix = 't'): Promise<TestDatabase> {
  const name = `tiemeng_${prefix}_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (c) => c.query(`create database ${pg.escapeIdentifier(name)}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    connectionString: url.toString(),
    name,
    drop: () =>
      withAdmin(serverUrl, (c) =>
        c.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`),
      ).then(() => undefined),
  };
}

async function withAdmin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
