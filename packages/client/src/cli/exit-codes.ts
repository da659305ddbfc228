import type { ErrorCode } from '@tiemeng/api';

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

/** A failure the CLI itself detects (e.g. not signed in), with its exit code. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.failed) {
    super(message);
    this.exitCode = exitCode;
  }
}
