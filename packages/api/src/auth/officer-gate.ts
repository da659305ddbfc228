import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { TiemengError } from '../errors/index.ts';
import type { Signer } from '../keys/signer.ts';
import { type OfficerIdentity, verifyOfficerToken } from './officer-token.ts';

/** How long an account's enabled flag is trusted before it is read again. */
export const ACTIVE_RECHECK_MS = 1_000;
/** Verified tokens kept; the oldest goes first when full. */
const MAX_TOKENS = 10_000;

/**
 * Admits officers' calls: a token this node signed, for an account that is still enabled. Every call
 * asks both questions and the answers rarely change, so both are cached:
 * - a verified token until it expires by the node's clock: one signature check per token, not per call;
 * - an enabled account for {@link ACTIVE_RECHECK_MS}. Disabling an account through this process
 *   ({@link forget}) takes effect at once; other processes on the same database see it within that time.
 *
 * @example
 * const officer = await gate.identify(bearer); // TOKEN_INVALID
 * await gate.assertActive(officer.officerId); // ACCOUNT_DISABLED
 */
export class OfficerGate {
  readonly #db: Kysely<Database>;
  readonly #signer: Signer;
  readonly #clock: Clock;
  readonly #tokens = new Map<string, { officer: OfficerIdentity; expiresAt: number }>();
  readonly #active = new Map<string, number>();
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
   * Throws ACCOUNT_DISABLED unless the officer's account exists and is enabled. Freshness is measured
   * in elapsed time, not by the node clock, which tests and the seeder may hold still.
   */
  async assertActive(officerId: string): Promise<void> {
    const now = performance.now();
    if ((this.#active.get(officerId) ?? -Infinity) > now) return;
    const row = await this.#db
      .selectFrom('officer')
      .select('disabled')
      .where('id', '=', officerId)
      .executeTakeFirst();
    if (!row || row.disabled) {
      this.#active.delete(officerId);
      throw new TiemengError('ACCOUNT_DISABLED');
    }
    if ((this.#changing.get(officerId) ?? -Infinity) > now) return;
    this.#active.set(officerId, now + ACTIVE_RECHECK_MS);
  }

  /** Forgets that an account is enabled: called when it is being disabled, before the change commits. */
  forget(officerId: string): void {
    this.#active.delete(officerId);
    this.#changing.set(officerId, performance.now() + ACTIVE_RECHECK_MS);
  }
}
