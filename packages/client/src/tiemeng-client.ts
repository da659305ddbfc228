import type { AppRouter } from '@tiemeng/api';
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { EventSource } from 'eventsource';

export interface TiemengClientOptions {
  /** Base URL of the node, e.g. http://127.0.0.1:4001 */
  url: string;
  /** A bearer token, or a function returning the current one (called per request and per reconnect). */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /** Sign in with these instead of a token; the client signs in again shortly before each token expires. */
  credentials?: { username: string; password: string };
}

/** Sign in again this long before the token expires, so a call never carries a token about to lapse. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * The typed client of a Tiemeng node (plain JSON over HTTP, no transformer). Subscriptions such as
 * the live feed run over SSE; each (re)connect sends a fresh token and resumes after the last event id.
 *
 * @example
 * const client = createTiemengClient({ url: 'http://127.0.0.1:4001' });
 * const { token } = await client.auth.login.mutate({ username: 'zj.duty', password: '…' });
 * const authed = createTiemengClient({ url: 'http://127.0.0.1:4001', token });
 * console.log(await authed.auth.me.query());
 */
export function createTiemengClient(options: TiemengClientOptions) {
  const base = `${options.url.replace(/\/$/, '')}/trpc`;
  const currentToken = options.credentials
    ? signedInToken(base, options.credentials)
    : async () => (typeof options.token === 'function' ? await options.token() : options.token);
  const authHeaders = async (): Promise<Record<string, string>> => {
    const token = await currentToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: base,
          EventSource,
          eventSourceOptions: async () => {
            const headers = await authHeaders();
            return {
              fetch: (url, init) => fetch(url, { ...init, headers: { ...init.headers, ...headers } }),
            };
          },
        }),
        false: httpLink({ url: base, headers: authHeaders }),
      }),
    ],
  });
}

export type TiemengClient = ReturnType<typeof createTiemengClient>;

/** A token source that signs in with credentials and again before the token runs out. */
function signedInToken(base: string, credentials: { username: string; password: string }) {
  const anonymous = createTRPCClient<AppRouter>({ links: [httpLink({ url: base })] });
  let current: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;
  return async (): Promise<string> => {
    if (current && current.expiresAt - Date.now() > REFRESH_MARGIN_MS) return current.token;
    pending ??= anonymous.auth.login
      .mutate(credentials)
      .then((r) => {
        current = { token: r.token, expiresAt: Date.parse(r.expiresAt) };
        return r.token;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}

/** Input and output types of every procedure, e.g. `RouterInputs['assistance']['file']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
