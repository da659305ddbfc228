/**
 * What the CLI prints comes partly from the partner node: titles, names, remarks. A terminal acts
 * on some characters instead of showing them — ESC starts colour and cursor sequences, BEL rings
 * the urgent bell, BS and CR overwrite, LF forges table rows, the bidi marks (U+202A–E,
 * U+2066–9, U+200E/F, U+061C) reorder what follows. Every string the CLI prints passes through
 * here, so such characters show as visible escapes (`\x1b`, `\u202e`) and do nothing.
 */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these characters are what it looks for
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/gu;
const UNSAFE_BUT_LF =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these characters are what it looks for
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/gu;

/** What `JSON.stringify` leaves raw (it escapes C0 inside strings; the line feeds of its indentation stay). */
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/gu;

const visible = (c: string) => {
  const code = c.codePointAt(0)!;
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** One line (a table cell, a title): every control and bidi character escaped, line breaks too. */
export const printable = (value: string) => value.replace(UNSAFE, visible);

/** Prose (details, remarks): as `printable`, but line feeds stay line feeds. */
export const printableLines = (value: string) => value.replace(UNSAFE_BUT_LF, visible);

/**
 * JSON whose strings carry no character a terminal acts on. `JSON.stringify` already escapes C0
 * controls but leaves DEL, C1 and the bidi marks raw; these become `\uXXXX`, still the same JSON.
 */
export const safeJson = (json: string) =>
  json.replace(JSON_UNSAFE, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
