import type { EventActor } from '@tiemeng/db';
import type { OfficerIdentity } from '../auth/officer-token.ts';
import { TiemengError } from '../errors/index.ts';

/** How an officer appears in the events they author (and the partner sees). */
export function actorOf(officer: OfficerIdentity): EventActor {
  return { officer: officer.username, station: officer.station, roles: [...officer.roles] };
}

/**
 * Officers act for their own station; command staff for every station of their node.
 * Throws NOT_PARTY otherwise.
 */
export function assertActsFor(officer: OfficerIdentity, station: string): void {
  assertActsForOneOf(officer, [station]);
}

/** Like assertActsFor, for a record that concerns several stations: one of them, or command staff. */
export function assertActsForOneOf(officer: OfficerIdentity, stations: readonly string[]): void {
  if (stations.includes(officer.station) || officer.roles.includes('command')) return;
  throw new TiemengError('NOT_PARTY', {
    message: `${officer.username} of ${officer.station} may not act for station ${stations[0] ?? ''}`,
  });
}
