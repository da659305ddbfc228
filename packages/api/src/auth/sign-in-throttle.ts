import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';
import { TiemengError } from '../errors/index.ts';
import {
  type FailureCount,
  SIGN_IN_POLICY,
  type ThrottleKind,
  throttleKeys,
  waitSeconds,
} from './sign-in-policy.ts';

/**
 * The sign-in throttle's counters, in PostgreSQL so every API process of the node shares them, keyed
 * by the username as typed (known or not: unknown names are counted exactly as real ones). Plain SQL
 * rather than `rate-limiter-flexible`'s PostgreSQL store: the counts must be read and written in the
 * sign-in's own transaction under its per-username lock (that store uses its own pool queries),
 * read the node's clock (tests hold it), live in our migrations (that store creates its table at
 * run time) and grow delays per failure, which that library leaves to the caller.
 */

/** TOO_MANY_ATTEMPTS when any limit holds an attempt on `username` from `address` at `now`, else undefined. */
export async function throttled(
  db: Kysely<Database>,
  username: string,
  address: string,
  now: Date,
): Promise<TiemengError | undefined> {
  const keys = throttleKeys(username, address);
  const known = await knownAddress(db, username, address, now);
  // A known address is held only by its own pair's limit.
  const kinds: ThrottleKind[] = known ? ['pair'] : ['pair', 'address', 'account'];
  const rows = await db
    .selectFrom('sign_in_throttle')
    .selectAll()
    .where(
      'key',
      'in',
      kinds.map((k) => keys[k]),
    )
    .execute();
  const byKey = new Map(rows.map((r) => [r.key, r]));
  let wait = 0;
  for (const kind of kinds) {
    const row = byKey.get(keys[kind]);
    const count: FailureCount | undefined = row && {
      failures: row.failures,
      windowStart: row.window_start,
      lastFailureAt: row.last_failure_at,
    };
    wait = Math.max(wait, waitSeconds(kind, count, now));
  }
  return wait > 0 ? new TiemengError('TOO_MANY_ATTEMPTS', { details: { retryAfter: wait } }) : undefined;
}

/** Counts a wrong password: on its pair, and (unless the address is known to the account) on the address and account. */
export async function recordFailure(
  db: Kysely<Database>,
  username: string,
  address: string,
  now: Date,
): Promise<void> {
  const keys = throttleKeys(username, address);
  const known = await knownAddress(db, username, address, now);
  const kinds: ThrottleKind[] = known ? ['pair'] : ['pair', 'address', 'account'];
  for (const kind of kinds) {
    const windowStart = new Date(now.getTime() - SIGN_IN_POLICY[kind].windowSeconds * 1000);
    const stale = sql<boolean>`sign_in_throttle.window_start <= ${windowStart}`;
    await db
      .insertInto('sign_in_throttle')
      .values({ key: keys[kind], failures: 1, window_start: now, last_failure_at: now })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql`case when ${stale} then 1 else sign_in_throttle.failures + 1 end`,
          window_start: sql`case when ${stale} then ${now}::timestamptz else sign_in_throttle.window_start end`,
          last_failure_at: now,
        }),
      )
      .execute();
  }
  // Counters past every window are forgotten, a few at a time, so the table stays small.
  const longest = Math.max(
    ...Object.values(SIGN_IN_POLICY).flatMap((v) => (typeof v === 'object' ? [v.windowSeconds] : [])),
  );
  const forgotten = new Date(now.getTime() - (longest + SIGN_IN_POLICY.maxDelaySeconds) * 1000);
  await sql`delete from sign_in_throttle where key in (
      select key from sign_in_throttle where last_failure_at < ${forgotten} limit 100)`.execute(db);
}

/** A right password: the pair's count starts again and the address is known to the account. */
export async function recordSuccess(
  db: Kysely<Database>,
  username: string,
  address: string,
  now: Date,
): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('key', '=', throttleKeys(username, address).pair).execute();
  await db
    .insertInto('sign_in_success')
    .values({ username, address, at: now })
    .onConflict((oc) => oc.columns(['username', 'address']).doUpdateSet({ at: now }))
    .execute();
}

/** Clears every counter that holds `username` (`admin.officers.unlock`); address counters stay. */
export async function clearAccount(db: Kysely<Database>, username: string): Promise<number> {
  const { pair, account } = throttleKeys(username, '');
  const result = await db
    .deleteFrom('sign_in_throttle')
    .where((eb) => eb.or([eb('key', '=', account), eb('key', 'like', `${escapeLike(pair)}%`)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

async function knownAddress(
  db: Kysely<Database>,
  username: string,
  address: string,
  now: Date,
): Promise<boolean> {
  const since = new Date(now.getTime() - SIGN_IN_POLICY.knownAddressDays * 86_400_000);
  const row = await db
    .selectFrom('sign_in_success')
    .select('at')
    .where('username', '=', username)
    .where('address', '=', address)
    .where('at', '>', since)
    .executeTakeFirst();
  return row !== undefined;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
