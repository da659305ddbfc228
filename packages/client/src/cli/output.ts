import { readFile } from 'node:fs/promises';
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

/** A record's signed timeline: who did what when, and whether the signature verifies. */
export function printTimeline(
  timeline: readonly {
    at: string;
    kind: string;
    author: string;
    actor: { officer: string | null };
    status: string;
    reason?: string;
    signature: { status: string; kid: string | null };
  }[],
  lang: Lang,
): void {
  printTable(
    ['time', 'event', 'author', 'officer', 'status', 'signature'],
    timeline.map((e) => [
      e.at,
      e.kind,
      e.author,
      e.actor.officer,
      e.status + (e.reason ? `: ${e.reason}` : ''),
      `${e.signature.status} ${e.signature.kid ?? ''}`,
    ]),
    lang,
  );
}

/** Structured input (subjects, parties…) from a JSON file. */
export async function readJsonFile(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8'));
}
