import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { batchedRead } from '../../batching/batched-read.ts';
import { TiemengError } from '../../errors/index.ts';

export interface StationRow {
  id: string;
  node_id: string;
  disabled: boolean;
}

const stations = (db: Kysely<Database>) => db.selectFrom('station').select(['id', 'node_id', 'disabled']);

/** Stations by id; concurrent lookups (every filing checks its stations) share one query. */
const stationsById = batchedRead(
  async (db, ids) => new Map((await stations(db).where('id', 'in', ids).execute()).map((r) => [r.id, r])),
);

/** A station by id, or undefined when there is none. */
export function findStation(db: Kysely<Database>, id: string): Promise<StationRow | undefined> {
  return stationsById.load(db, id);
}

/** Several stations by id; the ids without a station are missing from the map. */
export async function findStations(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, StationRow>> {
  const rows = await stationsById.loadMany(db, ids);
  return new Map(rows.flatMap((r) => (r ? [[r.id, r] as const] : [])));
}

/** The node hosting station `id` (as found), or UNKNOWN_STATION when it does not exist or is disabled. */
export function activeStationNode(station: StationRow | undefined, id: string): string {
  if (!station || station.disabled)
    throw new TiemengError('UNKNOWN_STATION', { message: `Unknown or disabled station ${id}` });
  return station.node_id;
}
