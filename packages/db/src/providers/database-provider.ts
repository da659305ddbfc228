/** Something that yields a PostgreSQL connection string and can be stopped. */
export interface DatabaseProvider {
  readonly kind: 'url' | 'embedded' | 'container';
  readonly connectionString: string;
  stop(): Promise<void>;
}
