import { AsyncLocalStorage } from 'node:async_hooks';
import { randomHex } from '../crypto/random-hex.ts';

/** What every log line of a request carries, and what a call to a partner passes on. */
export interface TraceContext {
  /** The request id (`x-request-id`), one per HTTP request. */
  reqId?: string;
  /** W3C trace id: 32 lower-case hex, shared by every call of one piece of work, across nodes. */
  traceId: string;
  /** This node's span of it: 16 lower-case hex. */
  spanId: string;
}

export const TRACEPARENT_HEADER = 'traceparent';

const storage = new AsyncLocalStorage<TraceContext>();

/** Runs `fn` with `trace` as the current trace (logs and partner calls made within it carry it). */
export function withTrace<T>(trace: TraceContext, fn: () => T): T {
  return storage.run(trace, fn);
}

/** The trace of the work under way, if any. */
export function currentTrace(): TraceContext | undefined {
  return storage.getStore();
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/**
 * The trace an incoming request continues: the caller's W3C `traceparent` when well-formed (version
 * 00, ids not all zeros), else a new trace. Either way this node's span is new.
 */
export function traceOf(traceparent: string | string[] | undefined, reqId?: string): TraceContext {
  const m = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent.trim()) : null;
  const valid = m && !/^0+$/.test(m[1]!) && !/^0+$/.test(m[2]!);
  return { reqId, traceId: valid ? m[1]! : newTraceId(), spanId: newSpanId() };
}

/** A trace continued from a stored trace id (a delivery of entries made by an earlier call). */
export function continueTrace(traceId: string): TraceContext {
  return { traceId, spanId: newSpanId() };
}

/** The `traceparent` to send on a call made within the current trace (none outside one). */
export function outgoingTraceparent(): string | undefined {
  const trace = storage.getStore();
  return trace ? `00-${trace.traceId}-${trace.spanId}-01` : undefined;
}

/** Fields the logger adds to every line written within a trace (pino `mixin`). */
export function traceLogFields(): Record<string, string> {
  const trace = storage.getStore();
  if (!trace) return {};
  return trace.reqId ? { reqId: trace.reqId, traceId: trace.traceId } : { traceId: trace.traceId };
}

function newTraceId(): string {
  return randomHex(16);
}

function newSpanId(): string {
  return randomHex(8);
}
