export type { OfficerIdentity } from './auth/officer-token.ts';
export { type Clock, ManualClock, systemClock } from './clock.ts';
export {
  ConfigError,
  loadConfig,
  type NodeConfig,
  type NodeConfigInput,
  parseConfig,
} from './config/node-config.ts';
export { type ErrorCode, errorCodes, type TiemengErrorData } from './errors/index.ts';
export { type RunningNode, type StartNodeOptions, startNode } from './node/start-node.ts';
export type { AppRouter } from './routers/app-router.ts';
