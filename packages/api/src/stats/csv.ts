import type { FigureLine } from './figure-lines.ts';

/** Byte order mark: spreadsheet software then reads the UTF-8 Chinese labels correctly. */
const BOM = '\uFEFF';

const cell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** The summary as CSV: one row per group and figure, labels in both languages. */
export function summaryCsv(groups: readonly { key: string; lines: readonly FigureLine[] }[]): string {
  const rows = [['group', '指标', 'figure', 'value']];
  for (const g of groups) for (const l of g.lines) rows.push([g.key, l.zh, l.en, String(l.value ?? '')]);
  return `${BOM + rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
