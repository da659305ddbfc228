import { TRPCClientError } from '@trpc/client';

/** The stable application code of an error from a node (e.g. `NOT_PARTY`), or undefined. */
export function appCodeOf(err: unknown): string | undefined {
  if (err instanceof TRPCClientError) {
    const data = err.data as { appCode?: string } | undefined;
    return data?.appCode;
  }
  return undefined;
}

/** The node's message in the officer's language when the node sent one. */
export function messageOf(err: unknown, lang: 'zh' | 'en' = 'en'): string {
  if (err instanceof TRPCClientError) {
    const data = err.data as { messageZh?: string } | undefined;
    return lang === 'zh' && data?.messageZh ? `${data.messageZh}（${err.message}）` : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
