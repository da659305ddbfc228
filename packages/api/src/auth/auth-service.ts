import type { Database, OfficerTable } from '@tiemeng/db';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Clock } from '../clock.ts';
import type { NodeConfig } from '../config/node-config.ts';
import { TiemengError } from '../errors/index.ts';
import type { Signer } from '../keys/signer.ts';
import { issueOfficerToken, type OfficerIdentity, verifyOfficerToken } from './officer-token.ts';
import { DUMMY_HASH, verifyPassword } from './password.ts';

export interface LoginResult {
  token: string;
  expiresAt: string;
  /** The last moment `auth.refresh` can renew this sign-in; after it, the password is needed again. */
  sessionEndsAt: string;
  officer: OfficerIdentity & { displayName: string };
}

/** Officer sign-in with lock-out after repeated failures, and renewal of a sign-in's token. */
export class AuthService {
  readonly #db: Kysely<Database>;
  readonly #signer: Signer;
  readonly #clock: Clock;
  readonly #auth: NodeConfig['auth'];

  constructor(deps: { db: Kysely<Database>; signer: Signer; clock: Clock; config: NodeConfig }) {
    this.#db = deps.db;
    this.#signer = deps.signer;
    this.#clock = deps.clock;
    this.#auth = deps.config.auth;
  }

  /**
   * Checks the password and returns a short-lived officer token. Each attempt is counted before the
   * password is checked, in the statement that also locks the account at the limit, so attempts sent
   * at once get no more guesses than attempts sent one by one. Unknown users cost the same scrypt
   * work as known ones, so timing does not reveal who exists.
   */
  async login(username: string, password: string): Promise<LoginResult> {
    const now = this.#clock.now();
    const attempt = await this.#reserveAttempt(username, now);
    const passwordOk = await verifyPassword(password, attempt?.password_hash ?? DUMMY_HASH);
    if (!attempt) {
      const locked = await this.#db
        .selectFrom('officer')
        .select('locked_until')
        .where('username', '=', username)
        .where('locked_until', '>', now)
        .executeTakeFirst();
      if (locked?.locked_until) {
        throw new TiemengError('ACCOUNT_LOCKED', {
          details: { lockedUntil: locked.locked_until.toISOString() },
        });
      }
      throw new TiemengError('BAD_CREDENTIALS');
    }
    if (!passwordOk) throw new TiemengError('BAD_CREDENTIALS');
    if (attempt.disabled) throw new TiemengError('ACCOUNT_DISABLED');
    await this.#db
      .updateTable('officer')
      .set({ failed_logins: 0, locked_until: null })
      .where('id', '=', attempt.id)
      .execute();
    return this.#issue(attempt, now);
  }

  /**
   * Counts a sign-in attempt on an account that is not locked, locking it (and starting the count
   * again) at `auth.maxFailedLogins`; answers the account, or nothing if it is unknown or locked.
   * A successful sign-in clears the count afterwards.
   */
  async #reserveAttempt(username: string, now: Date) {
    const reachesLimit = sql<boolean>`failed_logins + 1 >= ${this.#auth.maxFailedLogins}`;
    const lockedUntil = new Date(now.getTime() + this.#auth.lockoutSeconds * 1000);
    return this.#db
      .updateTable('officer')
      .set({
        failed_logins: sql`case when ${reachesLimit} then 0 else failed_logins + 1 end`,
        locked_until: sql`case when ${reachesLimit} then ${lockedUntil}::timestamptz else locked_until end`,
      })
      .where('username', '=', username)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .returningAll()
      .executeTakeFirst();
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
