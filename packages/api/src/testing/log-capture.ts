import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../logger.ts';

export interface LogEntry {
  level: number;
  time: string;
  msg: string;
  [field: string]: unknown;
}

/**
 * A node logger (level `info`) whose entries a test can read back.
 *
 * @example
 * const logs = captureLogs('zj-taishun');
 * const node = await startTestNode({ serverUrl, side: 'zj', log: logs.log });
 * expect(logs.entries().filter((e) => e.msg === 'delivery failed')).not.toEqual([]);
 */
export function captureLogs(nodeId: string): { log: Logger; entries(): LogEntry[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return {
    log: createLogger(nodeId, 'info', sink),
    entries: () => lines.map((line) => JSON.parse(line) as LogEntry),
  };
}
