import { router } from '../trpc/trpc.ts';
import { adminRouter } from './admin-router.ts';
import { auditRouter } from './audit-router.ts';
import { authRouter } from './auth-router.ts';
import { syncRouter } from './sync-router.ts';

export const appRouter = router({
  auth: authRouter,
  admin: adminRouter,
  audit: auditRouter,
  sync: syncRouter,
});

/** The type clients import; nothing else of the api package is their business. */
export type AppRouter = typeof appRouter;
