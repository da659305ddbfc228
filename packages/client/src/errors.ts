import type { AppRouter, ErrorCode } from '@tiemeng/api';
import { TRPCClientError } from '@trpc/client';

/** An error answered by a node: its `data` is typed by the node's own error formatter. */
export function isNodeError(err: unknown): err is TRPCClientError<AppRouter> {
  return err instanceof TRPCClientError;
}

/** The stable application code of an error from a node (e.g. `NOT_PARTY`), or undefined. */
export function appCodeOf(err: unknown): ErrorCode | undefined {
  return isNodeError(err) ? err.data?.appCode : undefined;
}

/** The node's message in the officer's language when the node sent one. */
export function messageOf(err: unknown, lang: 'zh' | 'en' = 'en'): string {
  if (isNodeError(err)) {
    const data = err.data;
    if (!data) return unreachable(err) ?? err.message;
    return lang === 'zh' && data.messageZh ? `${data.messageZh}（${err.message}）` : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

/** fetch says only "fetch failed"; the socket error it wraps says why (e.g. ECONNREFUSED and the address). */
function unreachable(err: Error): string | undefined {
  let cause: unknown = err;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  if (cause === err || !(cause instanceof Error)) return undefined;
  return `cannot reach the node: ${cause.message}`;
}
