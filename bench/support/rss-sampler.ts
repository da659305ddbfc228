/** Resident memory of processes, sampled on a timer, so a run can show whether it stayed flat. */
import { rssOfProcessMB } from './split-pair.ts';

const EVERY_MS = 250;
/** Points kept for the JSON's series (evenly spaced over the run). */
const SERIES_POINTS = 20;

export interface RssFigures {
  startMB: number | null;
  peakMB: number | null;
  endMB: number | null;
  /** [seconds since start, MB], at most 20 points. */
  series: [number, number | null][];
}

/** Samples each named process's RSS every 250 ms from construction until `stop()`. */
export class RssSampler {
  readonly #pids: Record<string, number | undefined>;
  readonly #samples: { at: number; mb: Record<string, number | null> }[] = [];
  readonly #started = performance.now();
  readonly #timer: NodeJS.Timeout;

  constructor(pids: Record<string, number | undefined>) {
    this.#pids = pids;
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), EVERY_MS).unref();
  }

  stop(): Record<string, RssFigures> {
    clearInterval(this.#timer);
    this.#sample();
    const figures: Record<string, RssFigures> = {};
    for (const name of Object.keys(this.#pids)) {
      const values = this.#samples.map((s) => s.mb[name] ?? null);
      const known = values.filter((v): v is number => v !== null);
      const step = Math.max(1, Math.ceil(this.#samples.length / SERIES_POINTS));
      figures[name] = {
        startMB: values[0] ?? null,
        peakMB: known.length > 0 ? Math.max(...known) : null,
        endMB: values.at(-1) ?? null,
        series: this.#samples
          .filter((_, i) => i % step === 0)
          .map((s) => [Math.round((s.at - this.#started) / 100) / 10, s.mb[name] ?? null]),
      };
    }
    return figures;
  }

  #sample(): void {
    const mb: Record<string, number | null> = {};
    for (const [name, pid] of Object.entries(this.#pids))
      mb[name] = pid === undefined ? null : rssOfProcessMB(pid);
    this.#samples.push({ at: performance.now(), mb });
  }
}
