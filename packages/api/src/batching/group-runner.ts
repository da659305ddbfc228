/**
 * Serves callers in groups: one run at a time (or `concurrency`), and everyone who arrives while a run
 * is under way is served together by the next one. Under concurrent load a fixed cost per run (a round trip,
 * a lock, a commit's fsync) is paid once per group instead of once per caller, and each caller is
 * still answered only by a run that started after it arrived: never by one already under way, whose
 * reads could predate the caller's request.
 *
 * @example
 * // Group commit: rows arriving during a commit are written together by the next one.
 * const commits = new GroupRunner((rows: Row[]) => writeAll(rows), { maxGroup: 500 });
 * const written = await commits.add(row);
 */
export class GroupRunner<T, R> {
  readonly #run: (items: T[]) => Promise<R[]>;
  readonly #maxGroup: number;
  readonly #onIdle: (() => void) | undefined;
  readonly #concurrency: number;
  #waiting: { item: T; resolve(value: R): void; reject(err: unknown): void }[] = [];
  #running = 0;

  /**
   * @param run serves one group: answers one result per item, in order; a throw fails the whole group.
   * @param options.maxGroup most items per run (default: no limit).
   * @param options.onIdle called each time the last waiting group has been served.
   * @param options.concurrency most runs under way at once (default 1). With 2, a group can do the
   *   work before its contended step (which its run must serialise itself, e.g. with a lock) while
   *   the previous group finishes, so the wait for a round trip is not paid twice over.
   */
  constructor(
    run: (items: T[]) => Promise<R[]>,
    options: { maxGroup?: number; onIdle?: () => void; concurrency?: number } = {},
  ) {
    this.#run = run;
    this.#maxGroup = options.maxGroup ?? Number.POSITIVE_INFINITY;
    this.#onIdle = options.onIdle;
    this.#concurrency = options.concurrency ?? 1;
  }

  /** Resolves with `item`'s result from the next run that starts. */
  add(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      if (this.#running < this.#concurrency) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#running++;
    try {
      while (this.#waiting.length > 0) {
        const group = this.#waiting.splice(0, this.#maxGroup);
        try {
          const results = await this.#run(group.map((w) => w.item));
          group.forEach((w, i) => {
            w.resolve(results[i]!);
          });
        } catch (err) {
          for (const w of group) w.reject(err);
        }
      }
    } finally {
      this.#running--;
      if (this.#running === 0 && this.#waiting.length === 0) this.#onIdle?.();
    }
  }
}
