import type { z } from 'zod';
import zhCN from 'zod/v4/locales/zh-CN.js';

const zhLocale = zhCN().localeError;

/**
 * A refinement's message in both languages: zod keeps `params` on the issue, so the Chinese one
 * reaches the field's `messageZh`.
 *
 * @example
 * z.string().refine(isValidResidentId, bilingual('a valid ID number', '须为校验位正确的 18 位身份证号'))
 */
export function bilingual(en: string, zh: string) {
  return { message: en, params: { zh } };
}

/**
 * A schema issue's message in Chinese: a refinement's own (`bilingual`), else zod's zh-CN wording
 * for the built-in checks. Answers undefined for a refinement with an English message only.
 */
export function zhIssueMessage(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === 'custom') {
    const zh = (issue.params as { zh?: unknown } | undefined)?.zh;
    return typeof zh === 'string' ? zh : undefined;
  }
  // Text lengths as an officer says them (zod's zh-CN has "数值过小：期望 string >=1 字符").
  if (issue.code === 'too_small' && issue.origin === 'string')
    return Number(issue.minimum) <= 1 ? '必填' : `至少 ${issue.minimum} 个字符`;
  if (issue.code === 'too_big' && issue.origin === 'string') return `最多 ${issue.maximum} 个字符`;
  const localised = zhLocale(issue as Parameters<typeof zhLocale>[0]);
  const text = typeof localised === 'string' ? localised : localised?.message;
  // A parsed issue no longer holds its input, so zod cannot name what it received.
  return text?.replace(/，实际接收 undefined$/, '');
}
