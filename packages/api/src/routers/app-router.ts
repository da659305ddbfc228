import { router } from '../trpc/trpc.ts';
import { adminRouter } from './admin-router.ts';
import { assistanceRouter } from './assistance-router.ts';
import { auditRouter } from './audit-router.ts';
import { authRouter } from './auth-router.ts';
import { feedRouter } from './feed-router.ts';
import { keysRouter } from './keys-router.ts';
import { mediationRouter } from './mediation-router.ts';
import { noticeRouter } from './notice-router.ts';
import { reconcileRouter } from './reconcile-router.ts';
import { statsRouter } from './stats-router.ts';
import { syncRouter } from './sync-router.ts';

export const appRouter = router({
  auth: authRouter,
  admin: adminRouter,
  audit: auditRouter,
  sync: syncRouter,
  reconcile: reconcileRouter,
  assistance: assistanceRouter,
  mediation: mediationRouter,
  notice: noticeRouter,
  feed: feedRouter,
  stats: statsRouter,
  keys: keysRouter,
});

/** The type clients import; nothing else of the api package is their business. */
export type AppRouter = typeof appRouter;
