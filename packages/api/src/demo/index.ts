export { buildConsoleIfStale, consoleIsStale, hasConsole } from './console-build.ts';
export { demoNodeOptions } from './demo-node-options.ts';
export { pairConfig } from './demo-topology.ts';
export { demoHistory, seedHistory } from './history/index.ts';
export { SeedClock } from './seed-clock.ts';
