export { pairConfig } from './demo-topology.ts';
export { demoHistory, seedHistory } from './history/index.ts';
export { SeedClock } from './seed-clock.ts';
