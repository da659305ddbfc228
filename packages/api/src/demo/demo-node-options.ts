import { systemClock } from '../clock.ts';
import type { StartNodeOptions } from '../node/start-node.ts';
import type { SeedClock } from './seed-clock.ts';

/** Why a demo node is not ready yet. */
export const SEEDING = 'seeding the demo history';

/**
 * How the demo starts a node: on the seeding clock (seeded events carry their 2025 times), not ready
 * for officers until the history is seeded (`services.startup.ready()`), and with officer tokens on
 * the real clock, so no token is ever stamped with a seeded time.
 */
export function demoNodeOptions(
  clock: SeedClock,
): Pick<StartNodeOptions, 'clock' | 'tokenClock' | 'heldFor'> {
  return { clock, tokenClock: systemClock, heldFor: SEEDING };
}
