import { TRPCError } from '@trpc/server';
import { type ErrorCode, errorCodes } from './error-codes.ts';

export interface FieldIssue {
  path: string;
  message: string;
  /** The same in Chinese, where known (zod's checks and our bilingual refinements). */
  messageZh?: string;
}

/**
 * The one error type of Tiemeng. It is a TRPCError, so tRPC answers with the mapped HTTP status,
 * and it carries a stable application code plus details safe to show a client.
 *
 * @example
 * throw new TiemengError('NOT_PARTY', { message: 'Station fj-xixi is not a party of request 0193…' });
 */
export class TiemengError extends TRPCError {
  readonly appCode: ErrorCode;
  readonly fields: FieldIssue[] | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    appCode: ErrorCode,
    options: {
      message?: string;
      fields?: FieldIssue[];
      details?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super({
      code: errorCodes[appCode].trpc,
      message: options.message ?? errorCodes[appCode].en,
      cause: options.cause,
    });
    this.name = 'TiemengError';
    this.appCode = appCode;
    this.fields = options.fields;
    this.details = options.details;
  }
}

/** Builds an INVALID_INPUT error from one or more field issues. */
export function invalidInput(fields: FieldIssue[], message?: string): TiemengError {
  return new TiemengError('INVALID_INPUT', {
    message:
      message ?? `Invalid input: ${fields.map((f) => `${f.path || '(input)'}: ${f.message}`).join('; ')}`,
    fields,
  });
}
