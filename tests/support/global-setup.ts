import { startTestServer } from '@tiemeng/db/testing';
import type { TestProject } from 'vitest/node';

/** One PostgreSQL server for the whole run: TEST_DATABASE_URL, else Testcontainers, else embedded. */
export default async function setup(project: TestProject) {
  const server = await startTestServer();
  project.provide('testServerUrl', server.connectionString);
  return () => server.stop();
}
