import type { Database, OfficerTable } from '@tiemeng/db';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { NodeConfig } from '../config/node-config.ts';
import { TiemengError } from '../errors/index.ts';
import type { Signer } from '../keys/signer.ts';
import { issueOfficerToken, type OfficerIdentity, verifyOfficerToken } from './officer-token.ts';
import { DUMMY_HASH, verifyPassword } from './password.ts';
import { UnknownAccounts } from './unknown-accounts.ts';

export interface LoginResult {
  token: string;
  expiresAt: string;
  /** The last moment `auth.refresh` can renew this sign-in; after it, the password is needed again. */
  sessionEndsAt: string;
  officer: OfficerIdentity & { displayName: string };
}

/** Held by one sign-in attempt on `username` at a time, across the node's processes, until it commits. */
const signInLock = (username: string) =>
  sql`select pg_advisory_xact_lock(hashtextextended(${`tiemeng.login:${username}`}, 0))`;

/** Officer sign-in with lock-out after repeated failures, and renewal of a sign-in's token. */
export class AuthService {
  readonly #db: Kysely<Database>;
  readonly #signer: Signer;
  readonly #clock: Clock;
  readonly #auth: NodeConfig['auth'];
  /** Sign-ins waiting or under way in this process, by username: the last one's settling. */
  readonly #signIns = new Map<string, Promise<void>>();
  readonly #unknown: UnknownAccounts;

  constructor(deps: { db: Kysely<Database>; signer: Signer; clock: Clock; config: NodeConfig }) {
    this.#db = deps.db;
    this.#signer = deps.signer;
    this.#clock = deps.clock;
    this.#auth = deps.config.auth;
    this.#unknown = new UnknownAccounts(this.#auth);
  }

  /**
   * Checks the password and returns a short-lived officer token. Attempts on one account are taken
   * one at a time, so attempts sent at once see each other's failures: they get no more guesses than
   * attempts sent one by one, and concurrent right passwords all succeed. Within a process they queue
   * in memory (holding no connection); across processes, on a transaction-scoped lock on the username.
   * Unknown users cost the same scrypt work as known ones, and are locked after as many failures
   * (in memory), so neither timing nor the answers reveal who exists.
   */
  login(username: string, password: string): Promise<LoginResult> {
    const turn = (this.#signIns.get(username) ?? Promise.resolve()).then(() =>
      this.#attempt(username, password),
    );
    const done = turn.then(
      () => {},
      () => {},
    );
    this.#signIns.set(username, done);
    void done.then(() => {
      if (this.#signIns.get(username) === done) this.#signIns.delete(username);
    });
    return turn;
  }

  async #attempt(username: string, password: string): Promise<LoginResult> {
    const now = this.#clock.now();
    // The attempt and its failure count commit on their own, on one connection.
    const outcome = await this.#db.transaction().execute(async (trx) => {
      await signInLock(username).execute(trx);
      const officer = await trx
        .selectFrom('officer')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
      const passwordOk = await verifyPassword(password, officer?.password_hash ?? DUMMY_HASH);
      const lockedUntil = officer
        ? officer.locked_until && officer.locked_until > now
          ? officer.locked_until
          : undefined
        : this.#unknown.lockedUntil(username, now);
      if (lockedUntil) {
        return new TiemengError('ACCOUNT_LOCKED', { details: { lockedUntil: lockedUntil.toISOString() } });
      }
      if (!officer) {
        this.#unknown.recordFailure(username, now);
        return new TiemengError('BAD_CREDENTIALS');
      }
      if (!passwordOk) {
        await this.#recordFailure(trx, officer.id, now);
        return new TiemengError('BAD_CREDENTIALS');
      }
      await trx
        .updateTable('officer')
        .set({ failed_logins: 0, locked_until: null })
        .where('id', '=', officer.id)
        .execute();
      return officer.disabled ? new TiemengError('ACCOUNT_DISABLED') : officer;
    });
    // Refusals are answered after the attempt (and its failure count) has committed.
    if (outcome instanceof TiemengError) throw outcome;
    return this.#issue(outcome, now);
  }

  /** Counts a failed sign-in, locking the account (and starting the count again) at the limit. */
  async #recordFailure(trx: Transaction<Database>, officerId: string, now: Date): Promise<void> {
    const reachesLimit = sql<boolean>`failed_logins + 1 >= ${this.#auth.maxFailedLogins}`;
    const lockedUntil = new Date(now.getTime() + this.#auth.lockoutSeconds * 1000);
    await trx
      .updateTable('officer')
      .set({
        failed_logins: sql`case when ${reachesLimit} then 0 else failed_logins + 1 end`,
        locked_until: sql`case when ${reachesLimit} then ${lockedUntil}::timestamptz else locked_until end`,
      })
      .where('id', '=', officerId)
      .execute();
  }

  /**
   * A new token for the sign-in `token` proves, with the officer's identity read again. Refused with
   * SESSION_EXPIRED once the sign-in is `auth.sessionHours` old; no token outlives that moment.
   */
  async refresh(token: string): Promise<LoginResult> {
    const now = this.#clock.now();
    const { officer: caller, signedInAt } = await verifyOfficerToken(this.#signer, token);
    if (now.getTime() >= this.#sessionEnd(signedInAt)) throw new TiemengError('SESSION_EXPIRED');
    const officer = await this.#db
      .selectFrom('officer')
      .selectAll()
      .where('id', '=', caller.officerId)
      .executeTakeFirst();
    if (!officer || officer.disabled) throw new TiemengError('ACCOUNT_DISABLED');
    return this.#issue(officer, new Date(signedInAt), now);
  }

  /** A token for `officer`, signed in at `signedInAt`, lasting the configured time or to the session's end. */
  async #issue(
    officer: Selectable<OfficerTable>,
    signedInAt: Date,
    now: Date = signedInAt,
  ): Promise<LoginResult> {
    const identity: OfficerIdentity = {
      officerId: officer.id,
      username: officer.username,
      station: officer.station_id,
      roles: officer.roles,
    };
    const sessionEnd = this.#sessionEnd(signedInAt.getTime());
    const ttlSeconds = Math.min(this.#auth.tokenTtlSeconds, Math.ceil((sessionEnd - now.getTime()) / 1000));
    const token = await issueOfficerToken(this.#signer, identity, ttlSeconds, signedInAt);
    return {
      token,
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
      sessionEndsAt: new Date(sessionEnd).toISOString(),
      officer: { ...identity, displayName: officer.display_name },
    };
  }

  #sessionEnd(signedInAtMs: number): number {
    return signedInAtMs + this.#auth.sessionHours * 3_600_000;
  }
}
