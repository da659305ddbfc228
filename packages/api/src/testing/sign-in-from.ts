import { request } from 'node:http';

/** What a sign-in over HTTP answered: the app code of a refusal (or `ok`), and `retryAfter` when given. */
export interface SignInAnswer {
  status: number;
  appCode: string;
  retryAfter?: number;
  /** The `retry-after` header, when sent. */
  retryAfterHeader?: string;
  requestId: string;
  token?: string;
}

/**
 * Signs in over HTTP from a chosen client address: loopback is a whole /8, so binding the socket to
 * 127.0.0.2 makes a second client without any network set-up.
 *
 * @example
 * const answer = await signInFrom(node.url, '127.0.0.2', 'fj.duty', 'guess'); // { appCode: 'BAD_CREDENTIALS' }
 */
export function signInFrom(
  url: string,
  localAddress: string,
  username: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<SignInAnswer> {
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/trpc/auth.login`,
      {
        method: 'POST',
        localAddress,
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          // biome-ignore lint/suspicious/noExplicitAny: a response body read for assertions
          const json = JSON.parse(Buffer.concat(chunks).toString()) as any;
          resolve({
            status: res.statusCode ?? 0,
            appCode: json.error?.data?.appCode ?? 'ok',
            retryAfter: json.error?.data?.details?.retryAfter,
            retryAfterHeader: res.headers['retry-after'],
            requestId: String(res.headers['x-request-id']),
            token: json.result?.data?.token,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
