import { randomUUID } from 'node:crypto';
import type { OfficerIdentity } from '../auth/officer-token.ts';
import { appRouter } from '../routers/app-router.ts';
import { baseContext } from '../trpc/context.ts';
import { createCallerFactory } from '../trpc/trpc.ts';
import type { NodeServices } from './node-services.ts';

const factory = createCallerFactory(appRouter);

/**
 * Calls procedures in-process as an officer or anonymously, through the same middleware, permission
 * table, audit and errors as over HTTP (used by the demo seeder and by tests).
 */
export function callerFor(services: NodeServices, officer?: OfficerIdentity) {
  return factory({ ...baseContext(services, { requestId: randomUUID(), log: services.log }), officer });
}
