import type { ChildProcess } from 'node:child_process';
import { eventually } from '@tiemeng/api/testing';

/**
 * A child process's output so far (stdout and stderr), and a bounded wait for a pattern in it that
 * fails at once, with the output, if the process exits first.
 */
export function watchOutput(child: ChildProcess) {
  let out = '';
  const collect = (d: Buffer) => {
    out += d;
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return {
    output: () => out,
    waitFor: (pattern: RegExp, what: string, timeoutMs?: number) =>
      eventually(
        async () => {
          if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}) before ${what}:\n${out}`);
          return pattern.test(out);
        },
        what,
        timeoutMs,
      ),
  };
}
