import type { Target } from './targets.ts';

/** What the runner hands every benchmark. */
export interface BenchContext {
  /** Admin connection string of the PostgreSQL server; a benchmark creates (and drops) its own databases. */
  serverUrl: string;
  /** Smaller sizes for a quick smoke run; the figures are then only indicative. */
  quick: boolean;
  /** Progress for humans, on stderr: stdout carries nothing but the one JSON result line. */
  log(message: string): void;
}

/**
 * A benchmark module: measures, cleans up after itself, and returns its figures as plain JSON; then
 * says, from those figures, which of its targets were met.
 */
export interface Benchmark {
  run(ctx: BenchContext): Promise<Record<string, unknown>>;
  targets(figures: Record<string, unknown>): Target[];
}
