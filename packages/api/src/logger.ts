import pino, { type Logger } from 'pino';

/** JSON logs on stdout (or a given stream), tagged with the node id. */
export function createLogger(nodeId: string, level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { node: nodeId }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}
