import { readFile } from 'node:fs/promises';
import stringWidth from 'string-width';
import { CliError, EXIT } from './exit-codes.ts';
import { type Lang, label } from './labels.ts';
import { localTime } from './local-time.ts';
import { printable, printableLines, safeJson } from './printable.ts';

type Cell = string | number | null | undefined;

/** Prints rows as a table aligned by display width (Chinese characters take two columns). */
export function printTable(columns: string[], rows: Cell[][], lang: Lang): void {
  const cells = [
    columns.map((c) => label(c, lang)),
    ...rows.map((r) => r.map((v) => (v == null ? '—' : printable(String(v))))),
  ];
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => stringWidth(r[i] ?? ''))));
  for (const row of cells) {
    const line = row.map((cell, i) => cell + ' '.repeat(widths[i]! - stringWidth(cell))).join('  ');
    console.log(line.trimEnd());
  }
}

/** A list page: JSON `{ items, nextCursor }`, or a table plus a hint for fetching the next page. */
export function printPage<T>(
  ctx: { json: boolean; lang: Lang },
  page: { items: T[]; nextCursor?: string | null },
  columns: string[],
  row: (item: T) => Cell[],
): void {
  const nextCursor = page.nextCursor ?? null;
  if (ctx.json) {
    printJson({ items: page.items, nextCursor });
    return;
  }
  printTable(columns, page.items.map(row), ctx.lang);
  if (nextCursor) console.log(`… more: --cursor ${nextCursor}`);
}

/** One formatter per language, built on first use and reused (a table formats a time per row). */
const relativeFormats = new Map<Lang, Intl.RelativeTimeFormat>();
function relativeFormat(lang: Lang): Intl.RelativeTimeFormat {
  let format = relativeFormats.get(lang);
  if (!format) {
    format = new Intl.RelativeTimeFormat(lang === 'zh' ? 'zh-CN' : 'en', { numeric: 'auto' });
    relativeFormats.set(lang, format);
  }
  return format;
}

/** "5 minutes ago" / "in 10 minutes" / "5分钟前", relative to now. */
export function relativeTime(iso: string | null | undefined, lang: Lang, now = Date.now()): string {
  if (!iso) return '—';
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const format = relativeFormat(lang);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of units)
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  return format.format(seconds, 'second');
}

export const printJson = (value: unknown) => console.log(safeJson(JSON.stringify(value, null, 2)));

/** Prints text that may hold a partner's words: line feeds kept, every other control escaped. */
export const say = (text = '') => console.log(printableLines(text));

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
      localTime(e.at),
      e.kind,
      e.author,
      e.actor.officer,
      e.status + (e.reason ? `: ${e.reason}` : ''),
      `${e.signature.status} ${e.signature.kid ?? ''}`,
    ]),
    lang,
  );
}

/**
 * Labelled lines (`Outcome: arrested`), empty values left out. A value running over several lines
 * starts on the next line, indented, so the officer reads prose as written.
 */
export function printFields(
  fields: readonly (readonly [key: string, value: Cell | boolean])[],
  lang: Lang,
): void {
  for (const [key, value] of fields) {
    if (value == null || value === '') continue;
    const text = typeof value === 'boolean' ? label(value ? 'yes' : 'no', lang) : String(value);
    if (text.includes('\n')) say(`${label(key, lang)}:\n${text.replace(/^/gm, '  ')}`);
    else say(`${label(key, lang)}: ${text}`);
  }
}

/** A heading, then a table (nothing when there are no rows). */
export function printSection(heading: string, columns: string[], rows: Cell[][], lang: Lang): void {
  if (rows.length === 0) return;
  say('');
  say(`${label(heading, lang)}:`);
  printTable(columns, rows, lang);
}

/** Remarks officers added to steps (acknowledge, start, close…), from the signed events' data. */
export function remarksOf(
  timeline: readonly { at: string; kind: string; actor: { officer: string | null }; data?: unknown }[],
) {
  return timeline.flatMap((e) => {
    const remark = (e.data as { remark?: unknown } | null | undefined)?.remark;
    return typeof remark === 'string' && remark ? [[localTime(e.at), e.kind, e.actor.officer, remark]] : [];
  });
}

/** Structured input (subjects, parties…) from a JSON file. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(
      {
        en: `Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
        zh: `无法读取 ${file}：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      },
      EXIT.usage,
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliError(
      {
        en: `${file} is not JSON: ${(err as Error).message}`,
        zh: `${file} 不是 JSON：${(err as Error).message}`,
      },
      EXIT.usage,
    );
  }
}
