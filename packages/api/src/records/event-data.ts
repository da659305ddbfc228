import { z } from 'zod';
import { bilingual } from '../errors/field-issue-zh.ts';

/**
 * Characters a terminal or a table would act on rather than show: C0 and C1 controls (ESC starts a
 * colour or cursor sequence, BEL rings, BS and CR overwrite), DEL, and the bidi and line-separator
 * marks that reorder or split what follows (U+061C, U+200E/F, U+2028/9, U+202A–E, U+2066–9).
 * A partner's text is read by officers on the other side: none of these belong in a title or a name.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these characters are what it looks for
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
/** As CONTROL, but a line feed is allowed (details, remarks and other prose may run over lines). */
const CONTROL_BUT_LF =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these characters are what it looks for
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** Whether `value` holds a character `CONTROL` names (line feeds allowed when `multiline`). */
export const hasControlCharacters = (value: string, multiline = false) =>
  (multiline ? CONTROL_BUT_LF : CONTROL).test(value);

const singleLine = (s: z.ZodString) =>
  s.refine(
    (v) => !hasControlCharacters(v),
    bilingual('no control, bidi or line-break characters', '不得含控制字符、双向文字控制符或换行'),
  );
const multiLine = (s: z.ZodString) =>
  s.refine(
    (v) => !hasControlCharacters(v, true),
    bilingual(
      'no control or bidi characters (line feeds allowed)',
      '不得含控制字符或双向文字控制符（可换行）',
    ),
  );

/**
 * Field shapes shared by the record types' event data (input validation and fold vetting alike).
 * `text` is one line (titles, names, places, station ids); `prose` may hold line feeds.
 */
export const text = (max: number) => singleLine(z.string().trim().min(1).max(max));
export const optionalText = (max: number) => singleLine(z.string().trim().max(max)).optional();
export const prose = (max: number) => multiLine(z.string().trim().min(1).max(max));
export const optionalProse = (max: number) => multiLine(z.string().trim().max(max)).optional();
export const dateTime = z.iso.datetime({ offset: true });
export const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256');

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** An ISO time `minutes` after `iso` (due times derived from signed author times). */
export const plusMinutes = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * MINUTE).toISOString();
/** An ISO time `days` after `iso`. */
export const plusDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString();
