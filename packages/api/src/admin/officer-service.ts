import { randomUUID } from 'node:crypto';
import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { OfficerGate } from '../auth/officer-gate.ts';
import { hashPassword } from '../auth/password.ts';
import type { Role } from '../auth/roles.ts';
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

  async disable(db: Kysely<Database>, username: string) {
    const row = await db
      .updateTable('officer')
      .set({ disabled: true })
      .where('username', '=', username)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new TiemengError('NOT_FOUND', { message: `No officer ${username}` });
    this.#gate.forget(row.id);
    return toDto(row);
  }
}

function toDto(r: {
  id: string;
  username: string;
  display_name: string;
  station_id: string;
  roles: Role[];
  disabled: boolean;
  locked_until: Date | null;
}) {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    stationId: r.station_id,
    roles: r.roles,
    disabled: r.disabled,
    lockedUntil: r.locked_until?.toISOString() ?? null,
  };
}
