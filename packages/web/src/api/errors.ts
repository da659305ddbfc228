import type { AppRouter } from '@tiemeng/api';
import { TRPCClientError } from '@trpc/client';
import type { Lang } from '../i18n/i18n.tsx';

export type ApiError = TRPCClientError<AppRouter>;

/** What an error says to the officer, in their language, and which form fields it names. */
export interface ErrorView {
  appCode: string | null;
  message: string;
  fields: { path: string; message: string }[];
  retryAfter: number | null;
}

export function errorView(err: unknown, lang: Lang): ErrorView {
  if (err instanceof TRPCClientError) {
    const data = (err as ApiError).data;
    if (!data) {
      // No tRPC answer at all: the node is down or the network dropped.
      return {
        appCode: null,
        message: lang === 'zh' ? '无法连接节点，请检查网络' : 'Cannot reach the node; check the network',
        fields: [],
        retryAfter: null,
      };
    }
    const after = data.details?.retryAfter;
    const retryAfter = typeof after === 'number' ? after : null;
    return {
      appCode: data.appCode,
      message: lang === 'zh' && data.messageZh ? data.messageZh : err.message,
      fields: (data.fields ?? []).map((f) => ({
        path: f.path,
        message: lang === 'zh' && f.messageZh ? f.messageZh : f.message,
      })),
      retryAfter,
    };
  }
  return {
    appCode: null,
    message: err instanceof Error ? err.message : String(err),
    fields: [],
    retryAfter: null,
  };
}

export function appCodeOf(err: unknown): string | null {
  return err instanceof TRPCClientError ? ((err as ApiError).data?.appCode ?? null) : null;
}
