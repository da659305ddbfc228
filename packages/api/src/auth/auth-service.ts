import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { NodeConfig } from '../config/node-config.ts';
import { TiemengError } from '../errors/index.ts';
import type { Signer } from '../keys/signer.ts';
import { issueOfficerToken, type OfficerIdentity } from './officer-token.ts';
import { DUMMY_HASH, verifyPassword } from './password.ts';

export interface LoginResult {
  token: string;
  expiresAt: string;
  officer: OfficerIdentity & { displayName: string };
}

/** Officer sign-in with lock-out after repeated failures. */
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
    const identity: OfficerIdentity = {
      officerId: officer.id,
      username: officer.username,
      station: officer.station_id,
      roles: officer.roles,
    };
    const token = await issueOfficerToken(this.#signer, identity, this.#auth.tokenTtlSeconds);
    return {
      token,
      expiresAt: new Date(now.getTime() + this.#auth.tokenTtlSeconds * 1000).toISOString(),
      officer: { ...identity, displayName: officer.display_name },
    };
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
