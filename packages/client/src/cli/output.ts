import stringWidth from 'string-width';
import { type Lang, label } from './labels.ts';

/** Prints rows as a table aligned by display width (Chinese characters take two columns). */
export function printTable(
  columns: string[],
  rows: (string | number | null | undefined)[][],
  lang: Lang,
): void {
  const cells = [
    columns.map((c) => label(c, lang)),
    ...rows.map((r) => r.map((v) => (v == null ? '—' : String(v)))),
  ];
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => stringWidth(r[i] ?? ''))));
  for (const row of cells) {
    const line = row.map((cell, i) => cell + ' '.repeat(widths[i]! - stringWidth(cell))).join('  ');
    console.log(line.trimEnd());
  }
}

/** "5 minutes ago" / "in 10 minutes" / "5分钟前", relative to now. */
export function relativeTime(iso: string | null | undefined, lang: Lang, now = Date.now()): string {
  if (!iso) return '—';
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const format = new Intl.RelativeTimeFormat(lang === 'zh' ? 'zh-CN' : 'en', { numeric: 'auto' });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of units)
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  return format.format(seconds, 'second');
}

export const printJson = (value: unknown) => console.log(JSON.stringify(value, null, 2));
