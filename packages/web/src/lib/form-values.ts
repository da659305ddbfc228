/** Form fields as the officer typed them, turned into an API input. */
export interface FieldKind {
  name: string;
  kind: 'text' | 'textarea' | 'number' | 'checkbox' | 'select' | 'datetime';
}

/**
 * Values as the API takes them: numbers as numbers, local date-times as ISO instants, checkboxes as
 * booleans, and optional fields left empty left out (so the API's defaults and rules apply).
 */
export function toInput(
  fields: readonly FieldKind[],
  raw: Record<string, string | boolean | undefined>,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const f of fields) {
    const v = raw[f.name];
    if (f.kind === 'checkbox') out[f.name] = v === true;
    else if (typeof v === 'string' && v.trim() !== '') {
      if (f.kind === 'number') out[f.name] = Number(v);
      else if (f.kind === 'datetime') out[f.name] = new Date(v).toISOString();
      else out[f.name] = v;
    }
  }
  return out;
}
