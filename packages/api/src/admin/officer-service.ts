import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '@tiemeng/db';
import { type Kysely, sql, type UpdateObject } from 'kysely';
import type { OfficerGate } from '../auth/officer-gate.ts';
import { hashPassword } from '../auth/password.ts';
import type { Role } from '../auth/roles.ts';
import { clearAccount } from '../auth/sign-in-throttle.ts';
import { TiemengError } from '../errors/index.ts';
import { findStation } from '../records/sql/find-station.ts';

export interface NewOfficer {
  username: string;
  displayName: string;
  stationId: string;
  roles: Role[];
  password: string;
}

/** Managing officer accounts of this node's stations. */
export class OfficerService {
  readonly #db: Kysely<Database>;
  readonly #nodeId: string;
  readonly #gate: OfficerGate;
  constructor(db: Kysely<Database>, nodeId: string, gate: OfficerGate) {
    this.#db = db;
    this.#nodeId = nodeId;
    this.#gate = gate;
  }

  /** Creates an officer at one of this node's stations. `db` may be the caller's transaction. */
  async create(db: Kysely<Database>, officer: NewOfficer) {
    const station = await findStation(db, officer.stationId);
    if (!station || station.node_id !== this.#nodeId || station.disabled) {
      throw new TiemengError('UNKNOWN_STATION', {
        message: `Station ${officer.stationId} is not an active station of this node`,
      });
    }
    const inserted = await db
      .insertInto('officer')
      .values({
        id: randomUUID(),
        username: officer.username,
        display_name: officer.displayName,
        station_id: officer.stationId,
        roles: officer.roles,
        password_hash: await hashPassword(officer.password),
      })
      .onConflict((oc) => oc.column('username').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted)
      throw new TiemengError('ALREADY_EXISTS', { message: `Officer ${officer.username} already exists` });
    return toDto(inserted);
  }

  async list(filter: { stationId?: string; includeDisabled?: boolean }) {
    let q = this.#db.selectFrom('officer').selectAll().orderBy('username');
    if (filter.stationId) q = q.where('station_id', '=', filter.stationId);
    if (!filter.includeDisabled) q = q.where('disabled', '=', false);
    return (await q.execute()).map(toDto);
  }

  /**
   * A one-time password for `username`, who must change it at the next sign-in; the raised
   * credentials version signs the officer out everywhere.
   */
  async resetPassword(db: Kysely<Database>, username: string) {
    const oneTimePassword = randomBytes(12).toString('base64url');
    const row = await this.#update(db, username, {
      password_hash: await hashPassword(oneTimePassword),
      must_change_password: true,
      credentials_version: sql`credentials_version + 1`,
    });
    // A fresh start: no earlier failures hold the new password back.
    await clearAccount(db, username);
    return { officer: toDto(row), oneTimePassword };
  }

  /** Clears the sign-in throttling holding `username` (its own and its account budget; not other accounts'). */
  async unlock(db: Kysely<Database>, username: string) {
    const row = await db
      .selectFrom('officer')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    if (!row) throw new TiemengError('NOT_FOUND', { message: `No officer ${username}` });
    return { officer: toDto(row), cleared: await clearAccount(db, username) };
  }

  /** Replaces the roles of `username`; the officer's next call is judged by them. */
  async setRoles(db: Kysely<Database>, username: string, roles: Role[]) {
    return toDto(await this.#update(db, username, { roles: [...new Set(roles)] }));
  }

  async disable(db: Kysely<Database>, username: string) {
    return toDto(await this.#update(db, username, { disabled: true }));
  }

  /** Changes the officer's row; the gate of this process forgets what it knew of the account before the change commits. */
  async #update(db: Kysely<Database>, username: string, set: UpdateObject<Database, 'officer'>) {
    const row = await db
      .updateTable('officer')
      .set(set)
      .where('username', '=', username)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new TiemengError('NOT_FOUND', { message: `No officer ${username}` });
    this.#gate.forget(row.id);
    return row;
  }
}

function toDto(r: {
  id: string;
  username: string;
  display_name: string;
  station_id: string;
  roles: Role[];
  disabled: boolean;
  must_change_password: boolean;
}) {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    stationId: r.station_id,
    roles: r.roles,
    disabled: r.disabled,
    mustChangePassword: r.must_change_password,
  };
}
