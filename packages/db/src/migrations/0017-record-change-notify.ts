import { type Kysely, sql } from 'kysely';

/**
 * Every statement that writes projections announces it on `tiemeng_record_change` (delivered at
 * commit, once per transaction), so open live feeds wait for a change instead of polling. A trigger
 * rather than a call in code: refolds, restores and repairs all write projections, and none can forget.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function notify_record_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify('tiemeng_record_change', '');
      return null;
    end $$`.execute(db);
  await sql`
    create trigger record_projection_notify
      after insert or update on record_projection
      for each statement execute function notify_record_change()`.execute(db);
}
