/** Values the test run's global setup hands every test file through vitest's `inject`. */
declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin connection string of the PostgreSQL server tests create their databases on. */
    testServerUrl: string;
  }
}

export {};
