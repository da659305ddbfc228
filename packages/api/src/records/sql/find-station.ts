import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { TiemengError } from '../../errors/index.ts';

export interface StationRow {
  id: string;
  node_id: string;
  disabled: boolean;
}

const stations = (db: Kysely<Database>) => db.selectFrom('station').select(['id', 'node_id', 'disabled']);

/** A station by id, or undefined when there is none. */
export function findStation(db: Kysely<Database>, id: string): Promise<StationRow | undefined> {
  return stations(db).where('id', '=', id).executeTakeFirst();
}

/** Several stations by id in one query; the ids without a station are missing from the map. */
export async function findStations(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, StationRow>> {
  const rows = await stations(db).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** The node hosting station `id` (as found), or UNKNOWN_STATION when it does not exist or is disabled. */
export function activeStationNode(station: StationRow | undefined, id: string): string {
  if (!station || station.disabled)
    throw new TiemengError('UNKNOWN_STATION', { message: `Unknown or disabled station ${id}` });
  return station.node_id;
}
