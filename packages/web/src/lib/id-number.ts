/**
 * Resident ID numbers (GB 11643-1999) checked as the officer types, so a mistyped digit shows at once.
 * The node checks the same again (INVALID_INPUT); this is a convenience, not the rule.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

export type IdCheck = 'empty' | 'incomplete' | 'bad-shape' | 'bad-date' | 'bad-check' | 'ok';

export function checkIdNumber(raw: string): IdCheck {
  const id = raw.trim().toUpperCase();
  if (id === '') return 'empty';
  if (!/^[1-9]\d{0,16}[\dX]?$/.test(id)) return 'bad-shape';
  if (id.length < 18) return 'incomplete';
  const [y, m, d] = [id.slice(6, 10), id.slice(10, 12), id.slice(12, 14)].map(Number) as [
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1850 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return 'bad-date';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11] === id[17] ? 'ok' : 'bad-check';
}
