import { type Kysely, sql } from 'kysely';

/**
 * What a call states for the record, kept with its audit row: the reason an officer gave to reveal
 * a subject's identity, readable by auditors (`audit.list`) and covered by the row's hash. Rows
 * without a note hash as before, so the existing chain keeps verifying.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table audit_log add column note text`.execute(db);
}
