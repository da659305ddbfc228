import fc from 'fast-check';

/**
 * The seed of this run: `FUZZ_SEED` to replay a failure, else a new one. fast-check prints it with
 * every counterexample; `reportCases` prints it with the case count.
 */
export const fuzzSeed: number = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : Math.floor(Math.random() * 0x7fffffff);

/** Cases run per test file, printed by `reportCases`. */
let cases = 0;

/**
 * Runs a property `numRuns` times from this run's seed, counting the cases. A failure throws
 * fast-check's report — seed, path and the shrunk counterexample — which vitest prints.
 */
export function checkProperty<Ts>(property: fc.IProperty<Ts>, numRuns: number): void {
  const details = fc.check(property, { seed: fuzzSeed, numRuns });
  cases += details.numRuns;
  if (details.failed) throw failure(fc.defaultReportMessage(details), details.errorInstance);
}

/** The async form of `checkProperty`. */
export async function checkAsyncProperty<Ts>(
  property: fc.IAsyncProperty<Ts>,
  numRuns: number,
): Promise<void> {
  const details = await fc.check(property, { seed: fuzzSeed, numRuns });
  cases += details.numRuns;
  if (details.failed) throw failure(await fc.asyncDefaultReportMessage(details), details.errorInstance);
}

/** fast-check's report (seed, path, counterexample) followed by what the property said. */
function failure(report: string | undefined, error: unknown): Error {
  const said = error instanceof Error ? error.message : String(error);
  return new Error(`${report ?? 'Property failed'}\n\nThe property said:\n${said}`, { cause: error });
}

/** One line per test file: how many generated cases ran, and the seed to replay them. */
export function reportCases(file: string): void {
  console.log(`[fuzz] ${file}: ${cases} generated cases, seed ${fuzzSeed} (replay: FUZZ_SEED=${fuzzSeed})`);
}
