import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import { type ErrorCode, errorCodes } from './error-codes.ts';
import { zhIssueMessage } from './field-issue-zh.ts';
import { type FieldIssue, invalidInput, TiemengError } from './tiemeng-error.ts';

/**
 * Turns whatever a procedure threw into a TiemengError: our own errors pass through, schema
 * failures become INVALID_INPUT with field paths, tRPC's own errors keep their meaning, and
 * anything else becomes a bare INTERNAL so no stack or SQL reaches a client.
 */
export function toTiemengError(error: unknown): TiemengError {
  if (error instanceof TiemengError) return error;
  if (error instanceof TRPCError) {
    if (error.cause instanceof TiemengError) return error.cause;
    const issues = schemaIssues(error.cause);
    if (issues) return invalidInput(issues);
    const mapped = fromTrpcCode(error.code);
    if (mapped)
      return new TiemengError(mapped, { message: error.code === 'BAD_REQUEST' ? error.message : undefined });
  }
  return new TiemengError('INTERNAL', { cause: error });
}

function fromTrpcCode(code: TRPCError['code']): ErrorCode | undefined {
  switch (code) {
    case 'BAD_REQUEST':
    case 'PARSE_ERROR':
      return 'INVALID_INPUT';
    case 'NOT_FOUND':
      return 'NOT_FOUND';
    case 'PAYLOAD_TOO_LARGE':
      return 'BODY_TOO_LARGE';
    case 'UNAUTHORIZED':
      return 'UNAUTHENTICATED';
    case 'METHOD_NOT_SUPPORTED':
      return 'METHOD_NOT_ALLOWED';
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 'UNSUPPORTED_MEDIA_TYPE';
    default:
      return undefined;
  }
}

function schemaIssues(cause: unknown): FieldIssue[] | undefined {
  const issues = (cause as { issues?: z.core.$ZodIssue[] } | undefined)?.issues;
  if (!Array.isArray(issues)) return undefined;
  return issues.map((i) => {
    const zh = zhIssueMessage(i);
    return {
      path: (i.path ?? [])
        .map((p) => String(typeof p === 'object' && p !== null ? (p as { key: PropertyKey }).key : p))
        .join('.'),
      message: i.message,
      ...(zh ? { messageZh: zh } : {}),
    };
  });
}

/** The `data` every error response carries, in addition to tRPC's `code` and `httpStatus`. */
export interface TiemengErrorData {
  appCode: ErrorCode;
  messageZh: string;
  fields?: FieldIssue[];
  details?: Record<string, unknown>;
}

export function errorData(error: TiemengError): TiemengErrorData {
  return {
    appCode: error.appCode,
    messageZh: errorCodes[error.appCode].zh,
    ...(error.fields ? { fields: error.fields } : {}),
    ...(error.details ? { details: error.details } : {}),
  };
}
