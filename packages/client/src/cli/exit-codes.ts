import type { ErrorCode } from '@tiemeng/api';
import type { Lang } from './labels.ts';

/** The CLI's exit codes, stable for scripts. */
export const EXIT = { ok: 0, failed: 1, usage: 2, unauthenticated: 3, forbiddenOrNotFound: 4 } as const;

const BY_APP_CODE: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: EXIT.unauthenticated,
  TOKEN_INVALID: EXIT.unauthenticated,
  BAD_CREDENTIALS: EXIT.unauthenticated,
  TOO_MANY_ATTEMPTS: EXIT.unauthenticated,
  PASSWORD_CHANGE_REQUIRED: EXIT.unauthenticated,
  ACCOUNT_DISABLED: EXIT.unauthenticated,
  SESSION_EXPIRED: EXIT.unauthenticated,
  FORBIDDEN_ROLE: EXIT.forbiddenOrNotFound,
  NOT_PARTY: EXIT.forbiddenOrNotFound,
  NOT_FOUND: EXIT.forbiddenOrNotFound,
  UNKNOWN_PEER: EXIT.forbiddenOrNotFound,
  INVALID_INPUT: EXIT.usage,
  UNKNOWN_STATION: EXIT.usage,
  WEAK_PASSWORD: EXIT.usage,
};

export const exitCodeFor = (appCode: ErrorCode | undefined) =>
  (appCode && BY_APP_CODE[appCode]) || EXIT.failed;

/** A failure the CLI itself detects (e.g. not signed in), with its exit code; said in English and, if given, Chinese. */
export class CliError extends Error {
  readonly exitCode: number;
  readonly #zh: string | undefined;
  constructor(message: string | { en: string; zh: string }, exitCode: number = EXIT.failed) {
    super(typeof message === 'string' ? message : message.en);
    this.#zh = typeof message === 'string' ? undefined : message.zh;
    this.exitCode = exitCode;
  }

  /** The message in `lang` (English where no Chinese was given). */
  messageIn(lang: Lang): string {
    return lang === 'zh' ? (this.#zh ?? this.message) : this.message;
  }
}
