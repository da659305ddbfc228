/**
 * The typed tRPC client of the node that served the console (same origin). The session is an
 * httpOnly cookie the console never sees; every request says it comes from the console, which the
 * node requires of cookie-authenticated mutations (CSRF defence).
 */
import type { AppRouter } from '@tiemeng/api';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';

export const CONSOLE_HEADER = { 'x-tiemeng-client': 'console' } as const;

export const trpc = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === 'subscription',
      // EventSource sends the cookie (same origin) but cannot add headers; subscriptions are reads.
      true: httpSubscriptionLink({ url: '/trpc', eventSourceOptions: { withCredentials: true } }),
      // The node refuses more than 10 calls in one batch.
      false: httpBatchLink({ url: '/trpc', maxItems: 10, headers: () => ({ ...CONSOLE_HEADER }) }),
    }),
  ],
});

export type Trpc = typeof trpc;
