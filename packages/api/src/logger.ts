import pino, { type Logger } from 'pino';
import { traceLogFields } from './tracing/trace-context.ts';

/**
 * JSON logs on stdout (or a given stream), tagged with the node id; a line written while serving a
 * request also carries its request id and trace id (`reqId`, `traceId`), wherever in the code it is
 * written.
 */
export function createLogger(nodeId: string, level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, base: { node: nodeId }, timestamp: pino.stdTimeFunctions.isoTime, mixin: traceLogFields },
    destination,
  );
}
