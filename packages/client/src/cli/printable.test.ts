import { describe, expect, it } from 'vitest';
import { printable, printableLines, safeJson } from './printable.ts';

describe('partner text cannot act on the terminal', () => {
  it('escapes ESC, BEL, BS, CR and LF in one-line text', () => {
    expect(printable('\u001b[31mURGENT\u0007 a\bb\r\nforged')).toBe(
      '\\x1b[31mURGENT\\x07 a\\x08b\\x0d\\x0aforged',
    );
  });

  it('escapes C1 controls and the bidi marks', () => {
    expect(printable('a\u009bb \u202egpj.exe \u2066x\u2069 \u200e\u200f \u061c')).toBe(
      'a\\x9bb \\u202egpj.exe \\u2066x\\u2069 \\u200e\\u200f \\u061c',
    );
  });

  it('leaves ordinary text, Chinese and emoji alone', () => {
    expect(printable('协查拦截四名嫌疑人 — plate 闽J·7K2X9 ✓')).toBe(
      '协查拦截四名嫌疑人 — plate 闽J·7K2X9 ✓',
    );
  });

  it('keeps line feeds in prose, escapes the rest', () => {
    expect(printableLines('line one\nline\r two\u001b[2J\t')).toBe('line one\nline\\x0d two\\x1b[2J\\x09');
  });

  it('JSON stays the same value with no raw bidi or C1 character', () => {
    const value = { title: 'a\u202eb\u009bc\u007f\u001b' };
    const json = safeJson(JSON.stringify(value, null, 2));
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these characters are what it looks for
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/u);
    expect(JSON.parse(json)).toEqual(value);
  });
});
