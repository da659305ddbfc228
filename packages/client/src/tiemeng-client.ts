import type { AppRouter } from '@tiemeng/api';
import { createTRPCClient, httpLink } from '@trpc/client';

export interface TiemengClientOptions {
  /** Base URL of the node, e.g. http://127.0.0.1:4001 */
  url: string;
  /** A bearer token, or a function returning the current one (called per request). */
  token?: string | (() => string | undefined | Promise<string | undefined>);
}

/**
 * The typed client of a Tiemeng node (plain JSON over HTTP, no transformer).
 *
 * @example
 * const client = createTiemengClient({ url: 'http://127.0.0.1:4001' });
 * const { token } = await client.auth.login.mutate({ username: 'zj.duty', password: '…' });
 * const authed = createTiemengClient({ url: 'http://127.0.0.1:4001', token });
 * console.log(await authed.auth.me.query());
 */
export function createTiemengClient(options: TiemengClientOptions) {
  const base = options.url.replace(/\/$/, '');
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${base}/trpc`,
        headers: async () => {
          const token = typeof options.token === 'function' ? await options.token() : options.token;
          return token ? { authorization: `Bearer ${token}` } : {};
        },
      }),
    ],
  });
}

export type TiemengClient = ReturnType<typeof createTiemengClient>;
