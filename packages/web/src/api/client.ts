/**
 * The typed tRPC client of the node that served the console (same origin). The session is an
 * httpOnly cookie the console never sees; every request says it comes from the console, which the
 * node requires of cookie-authenticated mutations (CSRF defence).
 */
import type { AppRouter } from '@tiemeng/api';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';

export const CONSOLE_HEADER = { 'x-tiemeng-client': 'console' } as const;

/**
 * `vite dev` only: a node without console sign-in answers with a bearer token, held in memory for the
 * tab's life (never stored). Production builds drop this path entirely.
 */
let devBearer: string | null = null;
export function setDevBearer(token: string | null) {
  if (import.meta.env.DEV) devBearer = token;
}

function headers(): Record<string, string> {
  if (import.meta.env.DEV && devBearer) return { ...CONSOLE_HEADER, authorization: `Bearer ${devBearer}` };
  return { ...CONSOLE_HEADER };
}

export const trpc = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === 'subscription',
      // EventSource sends the cookie (same origin) but cannot add headers; subscriptions are reads.
      true: httpSubscriptionLink({ url: '/trpc', eventSourceOptions: { withCredentials: true } }),
      // The node refuses more than 10 calls in one batch.
      false: httpBatchLink({ url: '/trpc', maxItems: 10, headers }),
    }),
  ],
});

export type Trpc = typeof trpc;
