import { type Kysely, sql } from 'kysely';

/**
 * Sign-in is throttled, not locked out: failure counters per (account, address), per address and
 * per account (failures from addresses the owner never signed in from), shared by every API process
 * of the node; the addresses each account last signed in from; and per officer a credentials version
 * (tokens carry it, so a reset signs the officer out everywhere) and a must-change-password flag.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sign_in_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('last_failure_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sign_in_throttle_last_failure')
    .on('sign_in_throttle')
    .column('last_failure_at')
    .execute();
  await db.schema
    .createTable('sign_in_success')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('sign_in_success_pk', ['username', 'address'])
    .execute();
  await db.schema
    .alterTable('officer')
    .dropColumn('failed_logins')
    .dropColumn('locked_until')
    .addColumn('credentials_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('must_change_password', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`comment on table sign_in_throttle is 'sign-in failure counters; see README, account policy'`.execute(
    db,
  );
}
