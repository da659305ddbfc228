import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { OfficerIdentity } from '../../auth/officer-token.ts';
import { TiemengError } from '../../errors/index.ts';
import { assertActsFor } from '../acting-officer.ts';
import { stationNode } from './find-station.ts';

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
  if ((await stationNode(db, homeStation)) !== nodeId)
    throw new TiemengError('NOT_PARTY', { message: `${homeStation} is not a station of this node` });
  const nodes: string[] = [];
  for (const station of partnerStations) {
    const node = await stationNode(db, station);
    if (node === nodeId)
      throw new TiemengError('INVALID_INPUT', {
        message: `${station} is a station of this node; name a partner station`,
      });
    nodes.push(node);
  }
  return nodes;
}
