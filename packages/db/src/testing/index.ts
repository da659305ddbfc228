import './provided-context.ts';

export { createTestDatabase, startTestServer, type TestDatabase } from './test-database.ts';
