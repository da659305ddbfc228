import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { ConsoleCall } from '../trpc/context.ts';

/** The console's session cookie: the officer token, out of reach of page scripts. */
export const SESSION_COOKIE = 'tiemeng_session';
/** Every console request carries it; a cross-site form or image cannot set a custom header. */
export const CONSOLE_CLIENT_HEADER = 'x-tiemeng-client';

/**
 * What a request tells about the console session: the cookie's token, whether it comes from the
 * console page itself, and whether the connection is HTTPS (the cookie is then `Secure`).
 *
 * Same origin means the console's header is present, and neither `Origin` nor `Sec-Fetch-Site`
 * names another site. Together with SameSite=Strict this refuses cross-site requests that a browser
 * would send with the cookie.
 */
export function consoleCallOf(req: IncomingMessage, publicUrl: string): Omit<ConsoleCall, 'setCookie'> {
  const secure = Boolean((req.socket as TLSSocket).encrypted) || publicUrl.startsWith('https:');
  return {
    sessionToken: cookieValue(req.headers.cookie, SESSION_COOKIE),
    sameOrigin: req.headers[CONSOLE_CLIENT_HEADER] === 'console' && !crossSite(req, publicUrl),
    secure,
  };
}

function crossSite(req: IncomingMessage, publicUrl: string): boolean {
  const fetchSite = req.headers['sec-fetch-site'];
  if (fetchSite !== undefined && fetchSite !== 'same-origin') return true;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  let asked: URL;
  try {
    asked = new URL(origin);
  } catch {
    return true;
  }
  // The Host the browser used, or the public address when a proxy in front rewrites Host.
  return asked.host !== req.headers.host && asked.origin !== new URL(publicUrl).origin;
}

/** One cookie's value from a `Cookie` header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/** Sets the session cookie to `token` for `maxAgeSeconds` (the token's own lifetime). */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}
