/**
 * What no procedure accepts anywhere in its input, whatever its schema says: a NUL character
 * (PostgreSQL text cannot hold one), ill-formed Unicode (a lone surrogate, which cannot be
 * canonicalised or stored as UTF-8) and a number JSON parsed to ±Infinity. Answers a human
 * description of one such value, or undefined when the input is clean.
 *
 * @example
 * inputProblem({ title: 'a\u0000b' }); // 'title contains a NUL character'
 */
export function inputProblem(input: unknown): string | undefined {
  // Iterative: the input may be nested as deeply as JSON.parse allowed. In-process callers may pass
  // objects that refer to themselves, so each is visited once.
  const pending: [unknown, string][] = [[input, '']];
  const seen = new Set<object>();
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, path] = next;
    if (typeof value === 'object' && value !== null) {
      if (seen.has(value)) continue;
      seen.add(value);
    }
    if (typeof value === 'string') {
      const problem = stringProblem(value);
      if (problem) return `${path || 'the input'} ${problem}`;
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) return `${path || 'the input'} is a number out of range`;
    } else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) pending.push([item, `${path}[${i}]`]);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const problem = stringProblem(key);
        if (problem) return `a field name in ${path || 'the input'} ${problem}`;
        pending.push([item, path ? `${path}.${key}` : key]);
      }
    }
  }
  return undefined;
}

function stringProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'contains a NUL character';
  if (!(s as string & { isWellFormed(): boolean }).isWellFormed()) return 'contains ill-formed Unicode';
  return undefined;
}
