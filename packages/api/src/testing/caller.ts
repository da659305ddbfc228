import { randomUUID } from 'node:crypto';
import type { OfficerIdentity } from '../auth/officer-token.ts';
import type { NodeServices } from '../node/node-services.ts';
import { appRouter } from '../routers/app-router.ts';
import { createCallerFactory } from '../trpc/trpc.ts';

const factory = createCallerFactory(appRouter);

/** Calls procedures in-process (same middleware, audit and errors as over HTTP) as an officer or anonymously. */
export function callerFor(services: NodeServices, officer?: OfficerIdentity) {
  return factory({
    services,
    db: services.db,
    requestId: randomUUID(),
    log: services.log,
    officer,
    authError: undefined,
    audit: { recordIds: [] },
    rawBody: '',
    bearer: undefined,
    peer: undefined,
  });
}
