/** One target of a benchmark as the summary table shows it: what was measured against what. */
export interface Target {
  measure: string;
  result: string;
  baseline: string;
  /** result ÷ baseline where the target is a ratio, else null. */
  ratio: number | null;
  target: string;
  met: boolean;
  /**
   * The most this machine allowed, measured in the same run (e.g. the work every event must do, with
   * nothing of ours around it); given for ratio targets whose work can be timed bare.
   */
  ceiling?: string;
}

/** A row of the table: one target of one benchmark. */
export interface TargetRow extends Target {
  benchmark: string;
}

const COLUMNS = ['benchmark', 'measure', 'result', 'baseline', 'ratio', 'target', 'met', 'ceiling'] as const;

/**
 * The targets of every benchmark as a plain-text table.
 *
 * @example
 * process.stderr.write(targetTable([{ benchmark: 'stats', measure: 'month', result: '158 ms', … }]));
 */
export function targetTable(rows: readonly TargetRow[]): string {
  const cells = rows.map((r) => [
    r.benchmark,
    r.measure,
    r.result,
    r.baseline,
    r.ratio === null ? '' : `${r.ratio}×`,
    r.target,
    r.met ? 'yes' : 'NO',
    r.ceiling ?? '',
  ]);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(COLUMNS), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
