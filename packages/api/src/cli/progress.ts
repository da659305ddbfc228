import cliProgress from 'cli-progress';

export interface Progress {
  /** Moves to `done` of `total`, naming the work now under way. */
  update(done: number, total: number, what: string): void;
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

/**
 * A progress bar on stderr for long work in a CLI, shown only on a terminal: silent with `--json`
 * and when stderr is piped or redirected, so scripts and logs see only the result.
 *
 * @example
 * const progress = createProgress({ json: opts.json });
 * progress.update(1, 3, 'dumping');
 * progress.stop();
 */
export function createProgress(options: { json?: boolean; stream?: NodeJS.WriteStream } = {}): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.json || !stream.isTTY) return silent;
  const bar = new cliProgress.SingleBar(
    { stream, format: '{bar} {value}/{total} {what}', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, what) {
      if (!started) bar.start(total, done, { what });
      else {
        bar.setTotal(total);
        bar.update(done, { what });
      }
      started = true;
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
