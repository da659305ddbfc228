import fc from 'fast-check';

/** JSON text spliced in as is: what `JSON.stringify` cannot write (1e999, deep nesting, broken JSON). */
export class RawJson {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  toJSON(): never {
    throw new Error('RawJson is written by wireText');
  }
}

/** A procedure's input as sent: JSON text (or none), and what was done to the derived value. */
export interface WireInput {
  /** The JSON text sent; undefined sends no input at all. */
  text: string | undefined;
  mutation: string;
}

/** JSON text of a value that may hold `RawJson` parts. */
export function wireText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : wireText(v))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const fields = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${wireText(v)}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const nested = (depth: number, open: string, leaf: string, close: string) =>
  new RawJson(open.repeat(depth) + leaf + close.repeat(depth));

/** Values of the wrong kind for almost any field. */
const WRONG_TYPES: readonly unknown[] = [null, 0, -1, 1.5, true, '', 'text', [], {}, [null], { id: 1 }];

/** What replaces one value of the input: each a classic way to break a server. */
const REPLACEMENTS: Record<string, (old: unknown, pick: number) => unknown> = {
  'wrong type': (_old, pick) => WRONG_TYPES[pick % WRONG_TYPES.length],
  'huge string': (_old, pick) => ['x', '协', '😀'][pick % 3]!.repeat([5_000, 70_000, 300_000][pick % 3]!),
  'NUL character': (old) => `${typeof old === 'string' ? old : 'a'}\u0000b`,
  'lone surrogate': (old, pick) => `${typeof old === 'string' ? old : 'a'}${pick % 2 ? '\uD800' : '\uDFFF'}`,
  'control and bidi characters': (old) => `${typeof old === 'string' ? old : ''}\u202E\u001b[31m\u0007\b\r\n`,
  'deep nesting': (_old, pick) =>
    pick % 2 ? nested([64, 5_000, 200_000][pick % 3]!, '[', '', ']') : nested(10_000, '{"a":', '1', '}'),
  'number beyond range': (_old, pick) => new RawJson(['1e999', '-1e999', '1e400', '-0'][pick % 4]!),
  'unsafe integer': (_old, pick) => new RawJson(['9007199254740993', '1e21', '-9007199254740993'][pick % 3]!),
};

/** Whole inputs that fit no schema: none at all, not an object, not JSON. */
const WHOLE: readonly [string, string | undefined][] = [
  ['no input', undefined],
  ['null', 'null'],
  ['a string', '"text"'],
  ['a number', '42'],
  ['an array', '[]'],
  ['empty text', ''],
  ['broken JSON', '{"a":'],
  ['single quotes', "{'a':1}"],
  ['trailing garbage', '{}garbage'],
  ['a bare word', 'nul'],
  ['a number beyond range', '1e999'],
];

const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', '', 'zz', 'toString'];

type Slot = { parent: Record<string | number, unknown> | unknown[]; key: string | number } | null;

/** Every value in the input, as the slot that holds it (null: the input itself). */
function slots(value: unknown): Slot[] {
  const out: Slot[] = [null];
  const walk = (v: unknown) => {
    if (typeof v !== 'object' || v === null) return;
    for (const key of Object.keys(v)) {
      const parent = v as Record<string, unknown>;
      out.push({ parent, key: Array.isArray(v) ? Number(key) : key });
      walk(parent[key]);
    }
  };
  walk(value);
  return out;
}

/** The input with one value replaced, one field dropped, or one field added. */
function mutate(input: unknown, kind: string, pick: number): { value: unknown; mutation: string } {
  const value = structuredClone(input);
  const all = slots(value);
  const slot = all[pick % all.length]!;
  const at = slot ? `${String(slot.key)}` : 'the input';
  const get = () => (slot ? (slot.parent as Record<string, unknown>)[slot.key as string] : value);
  const set = (next: unknown) => {
    if (!slot) return next;
    (slot.parent as Record<string, unknown>)[slot.key as string] = next;
    return value;
  };
  if (kind === 'missing field') {
    const objects = all.filter((s) => s && !Array.isArray(s.parent));
    const drop = objects[pick % Math.max(objects.length, 1)];
    if (!drop) return { value: undefined, mutation: 'missing field: the whole input' };
    delete (drop.parent as Record<string, unknown>)[drop.key as string];
    return { value, mutation: `missing field ${String(drop.key)}` };
  }
  if (kind === 'extra field') {
    const target = get();
    const key = EXTRA_KEYS[pick % EXTRA_KEYS.length]!;
    const holder = typeof target === 'object' && target !== null && !Array.isArray(target) ? target : {};
    // An own `__proto__` key, as JSON.parse makes it: plain assignment would set the prototype.
    Object.defineProperty(holder, key, { value: WRONG_TYPES[pick % WRONG_TYPES.length], enumerable: true });
    return { value: set(holder), mutation: `extra field ${JSON.stringify(key)} at ${at}` };
  }
  const replace = REPLACEMENTS[kind]!;
  return { value: set(replace(get(), pick)), mutation: `${kind} at ${at}` };
}

const MUTATIONS = ['missing field', 'extra field', ...Object.keys(REPLACEMENTS)];

/**
 * Inputs for a procedure: a quarter as derived from its schema, most mutated in one classic way
 * (wrong type, missing or extra field, huge string, NUL, lone surrogate, control characters, deep
 * nesting, numbers beyond range), and some that fit no schema at all.
 */
export function hostileInput(derived: fc.Arbitrary<unknown>): fc.Arbitrary<WireInput> {
  return fc.oneof(
    { weight: 3, arbitrary: derived.map((v) => ({ text: wireOrNone(v), mutation: 'as derived' })) },
    {
      weight: 8,
      arbitrary: fc.tuple(derived, fc.constantFrom(...MUTATIONS), fc.nat()).map(([v, kind, pick]) => {
        const { value, mutation } = mutate(v, kind, pick);
        return { text: wireOrNone(value), mutation };
      }),
    },
    { weight: 1, arbitrary: fc.constantFrom(...WHOLE).map(([mutation, text]) => ({ text, mutation })) },
  );
}

const wireOrNone = (v: unknown) => (v === undefined ? undefined : wireText(v));
