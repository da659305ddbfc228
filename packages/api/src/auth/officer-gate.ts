import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { TiemengError } from '../errors/index.ts';
import type { Signer } from '../keys/signer.ts';
import { type OfficerIdentity, verifyOfficerToken } from './officer-token.ts';
import type { Role } from './roles.ts';

/** How long an account's enabled flag is trusted before it is read again. */
export const ACTIVE_RECHECK_MS = 1_000;
/** What an officer whose password was reset may still do: change it, and say who they are. */
const WHILE_CHANGE_REQUIRED: ReadonlySet<string> = new Set([
  'auth.changePassword',
  'auth.me',
  'auth.refresh',
]);

/** An account as last read: enabled (else it is not cached), with its roles and credentials. */
interface AccountState {
  until: number;
  roles: Role[];
  credentialsVersion: number;
  mustChangePassword: boolean;
}

/** Verified tokens kept; the oldest goes first when full. */
const MAX_TOKENS = 10_000;

/**
 * Admits officers' calls: a token this node signed, for an account that is still enabled. Every call
 * asks both questions and the answers rarely change, so both are cached:
 * - a verified token until it expires by the node's clock: one signature check per token, not per call;
 * - an enabled account, its roles and credentials version, for {@link ACTIVE_RECHECK_MS}. A change
 *   made through this process ({@link forget}) takes effect at once; other processes on the same
 *   database see it within that time.
 *
 * @example
 * const officer = await gate.identify(bearer); // TOKEN_INVALID
 * const current = await gate.admit(officer, 'auth.me'); // ACCOUNT_DISABLED, current roles
 */
export class OfficerGate {
  readonly #db: Kysely<Database>;
  readonly #signer: Signer;
  readonly #clock: Clock;
  readonly #tokens = new Map<string, { officer: OfficerIdentity; expiresAt: number }>();
  readonly #active = new Map<string, AccountState>();
  /** Accounts being disabled: never cached until the change has surely committed. */
  readonly #changing = new Map<string, number>();

  constructor(deps: { db: Kysely<Database>; signer: Signer; clock: Clock }) {
    this.#db = deps.db;
    this.#signer = deps.signer;
    this.#clock = deps.clock;
  }

  /** The officer of a token already verified and not yet expired, without any further check. */
  known(token: string): OfficerIdentity | undefined {
    const known = this.#tokens.get(token);
    return known && this.#clock.now().getTime() < known.expiresAt ? known.officer : undefined;
  }

  /** The officer a token proves; throws TOKEN_INVALID for a forged, foreign or expired token. */
  async identify(token: string): Promise<OfficerIdentity> {
    const known = this.known(token);
    if (known) return known;
    const verified = await verifyOfficerToken(this.#signer, token);
    if (this.#tokens.size >= MAX_TOKENS) this.#tokens.delete(this.#tokens.keys().next().value!);
    this.#tokens.set(token, verified);
    return verified.officer;
  }

  /**
   * The officer as the account stands now, for a call to `path`: its current roles (a role change
   * applies from the next call, not the next token), or ACCOUNT_DISABLED for a disabled or missing
   * account, TOKEN_INVALID for a token issued before the password was last changed or reset (signed
   * out everywhere), PASSWORD_CHANGE_REQUIRED after a reset for anything but changing it.
   * Freshness is measured in elapsed time, not by the node clock, which tests and the seeder may hold still.
   */
  async admit(officer: OfficerIdentity, path?: string): Promise<OfficerIdentity> {
    const account = await this.#account(officer.officerId);
    if (officer.credentialsVersion !== undefined && officer.credentialsVersion !== account.credentialsVersion)
      throw new TiemengError('TOKEN_INVALID', { message: 'Signed out: the password was changed or reset' });
    if (account.mustChangePassword && path !== undefined && !WHILE_CHANGE_REQUIRED.has(path))
      throw new TiemengError('PASSWORD_CHANGE_REQUIRED');
    // The token's roles, unless they changed since it was issued: no copy on the usual call.
    const same =
      account.roles.length === officer.roles.length && account.roles.every((r, i) => r === officer.roles[i]);
    return same ? officer : { ...officer, roles: account.roles };
  }

  /** Throws ACCOUNT_DISABLED unless the officer's account exists and is enabled. */
  async assertActive(officerId: string): Promise<void> {
    await this.#account(officerId);
  }

  async #account(officerId: string): Promise<AccountState> {
    const now = performance.now();
    const cached = this.#active.get(officerId);
    if (cached && cached.until > now) return cached;
    const row = await this.#db
      .selectFrom('officer')
      .select(['disabled', 'roles', 'credentials_version', 'must_change_password'])
      .where('id', '=', officerId)
      .executeTakeFirst();
    if (!row || row.disabled) {
      this.#active.delete(officerId);
      throw new TiemengError('ACCOUNT_DISABLED');
    }
    const state: AccountState = {
      until: now + ACTIVE_RECHECK_MS,
      roles: row.roles,
      credentialsVersion: row.credentials_version,
      mustChangePassword: row.must_change_password,
    };
    if ((this.#changing.get(officerId) ?? -Infinity) <= now) this.#active.set(officerId, state);
    return state;
  }

  /**
   * Forgets what it knew of an account: called when the account is being changed (disabled, roles,
   * password), before the change commits, so this process's next call reads it again.
   */
  forget(officerId: string): void {
    this.#active.delete(officerId);
    this.#changing.set(officerId, performance.now() + ACTIVE_RECHECK_MS);
  }
}
