/**
 * How masked personal data is shown. The node masks ID numbers itself (`3303**********1234`); the
 * console only lays them out, and shortens names in lists so a glance over a screen shows no one's
 * full name. The full view comes from `notice.reveal`, which needs a reason and is audited.
 */
export interface MaskedPart {
  text: string;
  masked: boolean;
}

/** An ID number split into shown and hidden runs, for styling the hidden run. */
export function idNumberParts(value: string): MaskedPart[] {
  const parts: MaskedPart[] = [];
  for (const match of value.matchAll(/\*+|[^*]+/g))
    parts.push({ text: match[0], masked: match[0][0] === '*' });
  return parts;
}

/** Whether an ID number as the node sent it still hides digits. */
export function isMaskedId(value: string): boolean {
  return value.includes('*');
}

/** A full ID number grouped as region · birth date · sequence and check (6-8-4), for reading aloud. */
export function groupIdNumber(value: string): string {
  if (value.length !== 18 || isMaskedId(value)) return value;
  return `${value.slice(0, 6)} ${value.slice(6, 14)} ${value.slice(14)}`;
}

/**
 * A name as lists show it: the first character kept, the rest hidden (张** for 张三丰; A*** for Anna);
 * a two-character Chinese name keeps its first character (李*).
 */
export function maskName(name: string | null | undefined): string {
  if (!name) return '';
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  return chars[0] + '*'.repeat(chars.length - 1);
}
