import fc from 'fast-check';
import { z } from 'zod';

/**
 * fast-check arbitraries derived from a zod 4 schema, through its JSON Schema (`z.toJSONSchema`):
 * `zod-fast-check` supports neither zod 4 nor fast-check 4. Values are shaped by the schema and
 * mostly within its bounds; refinements (a check digit, "each value at most once") are not known
 * here, so some values still fail them — which is fine for fuzzing. `pool` offers realistic strings
 * (existing station ids, record ids…) that a random string would never hit.
 */
export function schemaArbitrary(schema: z.ZodType, pool: readonly string[] = []): fc.Arbitrary<unknown> {
  const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return arbitraryOf(root, root, pool);
}

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
}

/** Arrays longer than this are not generated: bounds are probed by the mutations instead. */
const MAX_ITEMS = 3;

function arbitraryOf(s: JsonSchema, root: JsonSchema, pool: readonly string[]): fc.Arbitrary<unknown> {
  const of = (inner: JsonSchema) => arbitraryOf(inner, root, pool);
  if (s.$ref) {
    const name = s.$ref.replace(/^#\/\$defs\//, '');
    const target = root.$defs?.[name];
    return target ? fc.constant(null).chain(() => of(target)) : fc.jsonValue({ maxDepth: 2 });
  }
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map(of));
  if (s.allOf?.[0]) return of(s.allOf[0]);
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((type) => of({ ...s, type })));
  switch (s.type) {
    case 'string':
      return stringOf(s, pool);
    case 'integer':
    case 'number':
      return numberOf(s);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (s.prefixItems) return fc.tuple(...s.prefixItems.map(of));
      const minLength = s.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(s.maxItems ?? MAX_ITEMS, MAX_ITEMS));
      return fc.array(s.items ? of(s.items) : fc.jsonValue({ maxDepth: 1 }), { minLength, maxLength });
    }
    case 'object': {
      const props = s.properties ?? {};
      const model = Object.fromEntries(Object.entries(props).map(([key, inner]) => [key, of(inner)]));
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((key) => key in props) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringOf(s: JsonSchema, pool: readonly string[]): fc.Arbitrary<string> {
  const minLength = s.minLength ?? 0;
  const maxLength = s.maxLength ?? 200;
  const fit = (arb: fc.Arbitrary<string>) => arb.map((v) => v.slice(0, maxLength));
  let shaped: fc.Arbitrary<string>;
  if (s.format === 'uuid' || s.format === 'guid') shaped = fc.uuid();
  else if (s.format === 'date-time') shaped = dateArb.map((d) => d.toISOString());
  else if (s.format === 'date') shaped = dateArb.map((d) => d.toISOString().slice(0, 10));
  else if (s.pattern) shaped = fit(matching(s.pattern));
  else
    shaped = fc.string({
      minLength,
      maxLength: Math.min(maxLength, Math.max(minLength, 40)),
      unit: fc.oneof(
        fc.constantFrom(...'罗阳镇犀溪协查 -_.'),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
      ),
    });
  const fitting = pool.filter((v) => v.length >= minLength && v.length <= maxLength);
  return fitting.length > 0 ? fc.oneof(shaped, fc.constantFrom(...fitting)) : shaped;
}

const dateArb = fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true });

/** Strings matching a JSON Schema pattern, or any strings when fast-check cannot read it. */
function matching(pattern: string): fc.Arbitrary<string> {
  try {
    return fc.stringMatching(new RegExp(pattern));
  } catch {
    return fc.string();
  }
}

function numberOf(s: JsonSchema): fc.Arbitrary<number> {
  const integer = s.type === 'integer';
  const low = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 0) : -1e6);
  const high = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 0) : 1e6);
  const min = Math.max(low, Number.MIN_SAFE_INTEGER);
  const max = Math.min(high, Number.MAX_SAFE_INTEGER);
  if (!integer) return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  // Mostly small values near the lower bound (page sizes, ids), sometimes anywhere in range.
  return fc.oneof(fc.integer({ min, max: Math.min(max, min + 100) }), fc.integer({ min, max }));
}
