import { QueryCache, QueryClient } from '@tanstack/react-query';
import { appCodeOf } from '../api/errors.ts';

/** Errors that mean the session is gone: the console goes back to sign-in. */
export const SIGNED_OUT_CODES = new Set([
  'UNAUTHENTICATED',
  'TOKEN_INVALID',
  'SESSION_EXPIRED',
  'ACCOUNT_DISABLED',
]);

let onSignedOut: () => void = () => {};
export function whenSignedOut(handler: () => void) {
  onSignedOut = handler;
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (err) => {
      const code = appCodeOf(err);
      if (code && SIGNED_OUT_CODES.has(code)) onSignedOut();
    },
  }),
  defaultOptions: {
    queries: {
      // A typed refusal will not change by asking again; a dropped connection may.
      retry: (count, err) => count < 2 && appCodeOf(err) === null,
      refetchOnWindowFocus: false,
      staleTime: 5_000,
    },
  },
});

/**
 * Query options keyed by procedure and input, the one cache key convention of the console: the live
 * feed invalidates `['assistance.list']`, `['assistance.get', { id }]`… by these keys.
 */
export function api<T, I = undefined>(path: string, input: I, fn: (input: I) => Promise<T>) {
  return { queryKey: [path, input ?? null] as const, queryFn: () => fn(input) };
}
