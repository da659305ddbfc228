/** Types of the console's procedures as the screens use them, from the router's outputs. */
import type { AppRouter } from '@tiemeng/api';
import type { inferRouterOutputs } from '@trpc/server';

type Outputs = inferRouterOutputs<AppRouter>;

export type ConsoleSession = Outputs['auth']['consoleLogin'];
export type NodeKeys = Outputs['keys']['jwks'];
export type StatsCompare = Outputs['stats']['compare'];
export type Figures = StatsCompare['ours']['figures'];
