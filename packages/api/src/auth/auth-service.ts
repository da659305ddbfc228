import type { Database, OfficerTable } from '@tiemeng/db';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { NodeConfig } from '../config/node-config.ts';
import { TiemengError } from '../errors/index.ts';
import type { Signer } from '../keys/signer.ts';
import type { OfficerGate } from './officer-gate.ts';
import { issueOfficerToken, type OfficerIdentity, verifyOfficerToken } from './officer-token.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password.ts';
import { passwordProblem } from './password-policy.ts';
import { recordFailure, recordSuccess, throttled } from './sign-in-throttle.ts';

export interface LoginResult {
  token: string;
  expiresAt: string;
  /** The last moment `auth.refresh` can renew this sign-in; after it, the password is needed again. */
  sessionEndsAt: string;
  /**
   * True after an admin's reset: the token then allows only `auth.changePassword` (and `auth.me`);
   * every other call answers PASSWORD_CHANGE_REQUIRED until the password is changed.
   */
  mustChangePassword: boolean;
  officer: Omit<OfficerIdentity, 'credentialsVersion'> & { displayName: string };
}

/** Held by one sign-in attempt on `username` at a time, across the node's processes, until it commits. */
const signInLock = (username: string) =>
  sql`select pg_advisory_xact_lock(hashtextextended(${`tiemeng.login:${username}`}, 0))`;

/** What a sign-in does once the password is right, in the attempt's transaction: the officer's row, or a refusal. */
type WhenRight = (
  trx: Transaction<Database>,
  officer: Selectable<OfficerTable>,
) => Promise<Selectable<OfficerTable> | TiemengError>;

/**
 * Officer sign-in, throttled (never locked out: see `sign-in-policy.ts`), password changes, and
 * renewal of a sign-in's token.
 */
export class AuthService {
  readonly #db: Kysely<Database>;
  readonly #signer: Signer;
  readonly #clock: Clock;
  readonly #gate: OfficerGate;
  readonly #auth: NodeConfig['auth'];
  /** Password checks waiting or under way in this process, by username: the last one's settling. */
  readonly #turns = new Map<string, Promise<void>>();

  constructor(deps: {
    db: Kysely<Database>;
    signer: Signer;
    clock: Clock;
    config: NodeConfig;
    gate: OfficerGate;
  }) {
    this.#db = deps.db;
    this.#signer = deps.signer;
    this.#clock = deps.clock;
    this.#gate = deps.gate;
    this.#auth = deps.config.auth;
  }

  /**
   * Checks the password of `username`, tried from `address`, and returns a short-lived officer
   * token. Refused with TOO_MANY_ATTEMPTS (and `retryAfter` seconds) while a limit holds that
   * address; unknown usernames are counted and answered exactly as real ones, and cost the same
   * password hashing, so neither the answers nor their timing tell who exists.
   */
  async login(username: string, password: string, address: string): Promise<LoginResult> {
    const now = this.#clock.now();
    const officer = await this.#checked(username, password, address, async (_trx, row) => {
      if (row.disabled) return new TiemengError('ACCOUNT_DISABLED');
      return row;
    });
    return this.#issue(officer, now);
  }

  /**
   * Changes the signed-in officer's password, given the current one (checked and throttled as a
   * sign-in is). Every token issued before is refused from then on; the answer carries a new one.
   */
  async changePassword(
    officer: OfficerIdentity,
    current: string,
    next: string,
    address: string,
  ): Promise<LoginResult> {
    const problem = passwordProblem(next, officer.username);
    if (problem) throw new TiemengError('WEAK_PASSWORD', { message: problem });
    const now = this.#clock.now();
    const changed = await this.#checked(officer.username, current, address, async (trx, row) => {
      if (row.id !== officer.officerId || row.disabled) return new TiemengError('ACCOUNT_DISABLED');
      if ((await verifyPassword(next, row.password_hash)).ok)
        return new TiemengError('WEAK_PASSWORD', {
          message: 'The new password must differ from the current one',
        });
      this.#gate.forget(row.id);
      return trx
        .updateTable('officer')
        .set({
          password_hash: await hashPassword(next),
          must_change_password: false,
          credentials_version: sql`credentials_version + 1`,
        })
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    return this.#issue(changed, now);
  }

  /**
   * Checks `password` for `username` from `address` and, when right, hands the officer's row to
   * `then` in the same transaction; the answer (or error) of `then` is returned. Attempts on one
   * account are taken one at a time, so attempts sent at once see each other's failures: within a
   * process they queue in memory (holding no connection), across processes on a transaction lock on
   * the username. An address a limit holds is refused before it queues, and again in its turn.
   */
  async #checked(
    username: string,
    password: string,
    address: string,
    then: WhenRight,
  ): Promise<Selectable<OfficerTable>> {
    const early = await throttled(this.#db, username, address, this.#clock.now());
    if (early) throw early;
    const turn = (this.#turns.get(username) ?? Promise.resolve()).then(() =>
      this.#check(username, password, address, then),
    );
    const done = turn.then(
      () => {},
      () => {},
    );
    this.#turns.set(username, done);
    void done.then(() => {
      if (this.#turns.get(username) === done) this.#turns.delete(username);
    });
    return turn;
  }

  async #check(
    username: string,
    password: string,
    address: string,
    then: WhenRight,
  ): Promise<Selectable<OfficerTable>> {
    const now = this.#clock.now();
    // The attempt and its counters commit on their own, on one connection; refusals are answered
    // after they have committed.
    const outcome = await this.#db.transaction().execute(async (trx) => {
      await signInLock(username).execute(trx);
      const held = await throttled(trx, username, address, now);
      if (held) return held;
      const officer = await trx
        .selectFrom('officer')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
      const { ok, rehash } = await verifyPassword(password, officer?.password_hash ?? DUMMY_HASH);
      if (!officer || !ok) {
        await recordFailure(trx, username, address, now);
        return new TiemengError('BAD_CREDENTIALS');
      }
      await recordSuccess(trx, username, address, now);
      // An older hash (scrypt, or weaker argon2id parameters) is replaced now that the password is known.
      const current = rehash
        ? await trx
            .updateTable('officer')
            .set({ password_hash: await hashPassword(password) })
            .where('id', '=', officer.id)
            .returningAll()
            .executeTakeFirstOrThrow()
        : officer;
      return then(trx, current);
    });
    if (outcome instanceof TiemengError) throw outcome;
    return outcome;
  }

  /**
   * A new token for the sign-in `token` proves, with the officer's identity read again. Refused with
   * SESSION_EXPIRED once the sign-in is `auth.sessionHours` old; no token outlives that moment, nor
   * a password change or reset (TOKEN_INVALID).
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
    if (officer.credentials_version !== caller.credentialsVersion)
      throw new TiemengError('TOKEN_INVALID', { message: 'Signed out: the password was changed or reset' });
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
    const token = await issueOfficerToken(
      this.#signer,
      { ...identity, credentialsVersion: officer.credentials_version },
      ttlSeconds,
      signedInAt,
    );
    return {
      token,
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
      sessionEndsAt: new Date(sessionEnd).toISOString(),
      mustChangePassword: officer.must_change_password,
      officer: { ...identity, displayName: officer.display_name },
    };
  }

  #sessionEnd(signedInAtMs: number): number {
    return signedInAtMs + this.#auth.sessionHours * 3_600_000;
  }
}
