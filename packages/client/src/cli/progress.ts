import cliProgress from 'cli-progress';

/**
 * Waits for `work` with the time it has taken so far on stderr — only on a terminal: silent with
 * `--json` and when stderr is piped, so scripts see only the result. For one long call whose steps
 * happen at the server (a reconciliation run).
 */
export async function whileWaiting<T>(what: string, json: boolean, work: Promise<T>): Promise<T> {
  if (json || !process.stderr.isTTY) return work;
  const bar = new cliProgress.SingleBar({
    stream: process.stderr,
    format: `${what} … {duration_formatted}`,
    hideCursor: true,
    clearOnComplete: true,
    fps: 2,
  });
  bar.start(1, 0);
  try {
    return await work;
  } finally {
    bar.stop();
  }
}
