import type { Database, OfficerTable } from '@tiemeng/db';
import type { Kysely, Selectable } from 'kysely';
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
   * Checks the password and returns a short-lived officer token.
   * Unknown users cost the same scrypt work as known ones, so timing does not reveal who exists.
   */
  async login(username: string, password: string): Promise<LoginResult> {
    const now = this.#clock.now();
    const officer = await this.#db
      .selectFrom('officer')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    const passwordOk = await verifyPassword(password, officer?.password_hash ?? DUMMY_HASH);
    if (!officer) throw new TiemengError('BAD_CREDENTIALS');
    if (officer.locked_until && officer.locked_until > now) {
      throw new TiemengError('ACCOUNT_LOCKED', {
        details: { lockedUntil: officer.locked_until.toISOString() },
      });
    }
    if (!passwordOk) {
      await this.#recordFailure(officer.id, now);
      throw new TiemengError('BAD_CREDENTIALS');
    }
    if (officer.disabled) throw new TiemengError('ACCOUNT_DISABLED');
    await this.#db
      .updateTable('officer')
      .set({ failed_logins: 0, locked_until: null })
      .where('id', '=', officer.id)
      .execute();
    return this.#issue(officer, now);
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

  async #recordFailure(officerId: string, now: Date): Promise<void> {
    // Counted in SQL so concurrent failures cannot undercount.
    const row = await this.#db
      .updateTable('officer')
      .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
      .where('id', '=', officerId)
      .returning('failed_logins')
      .executeTakeFirstOrThrow();
    if (row.failed_logins >= this.#auth.maxFailedLogins) {
      await this.#db
        .updateTable('officer')
        .set({ failed_logins: 0, locked_until: new Date(now.getTime() + this.#auth.lockoutSeconds * 1000) })
        .where('id', '=', officerId)
        .execute();
    }
  }
}
