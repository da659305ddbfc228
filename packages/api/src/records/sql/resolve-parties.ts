import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { OfficerIdentity } from '../../auth/officer-token.ts';
import { TiemengError } from '../../errors/index.ts';
import { assertActsFor } from '../acting-officer.ts';
import { activeStationNode, findStations } from './find-station.ts';

/**
 * Checks who may create a record between `homeStation` (a station of this node the officer acts for)
 * and `partnerStations` (stations of partner nodes), and answers the partners' nodes in order.
 * NOT_PARTY for a foreign home station, INVALID_INPUT for a "partner" of this very node.
 */
export async function resolveParties(
  db: Kysely<Database>,
  nodeId: string,
  officer: OfficerIdentity,
  homeStation: string,
  partnerStations: readonly string[],
): Promise<string[]> {
  assertActsFor(officer, homeStation);
  // One query for all stations, then the checks in order, so the same station's error wins.
  const found = await findStations(db, [homeStation, ...partnerStations]);
  if (activeStationNode(found.get(homeStation), homeStation) !== nodeId)
    throw new TiemengError('NOT_PARTY', { message: `${homeStation} is not a station of this node` });
  return partnerStations.map((station) => {
    const node = activeStationNode(found.get(station), station);
    if (node === nodeId)
      throw new TiemengError('INVALID_INPUT', {
        message: `${station} is a station of this node; name a partner station`,
      });
    return node;
  });
}
