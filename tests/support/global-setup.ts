import { buildConsoleIfStale, hasConsole } from '@tiemeng/api/demo';
import { startTestServer } from '@tiemeng/db/testing';
import type { TestProject } from 'vitest/node';

/**
 * One PostgreSQL server for the whole run: TEST_DATABASE_URL, else Testcontainers, else embedded.
 * The browser tests serve the built console: it is built first when missing or older than its sources.
 */
export default async function setup(project: TestProject) {
  if (hasConsole() && !buildConsoleIfStale()) throw new Error('the console (packages/web) did not build');
  const server = await startTestServer();
  project.provide('testServerUrl', server.connectionString);
  return () => server.stop();
}
