import fc from 'fast-check';

/**
 * Random choices read from a tape that fast-check generates. Builders that need many dependent
 * choices (a record's story, where each event depends on the ones before) read them one by one; when
 * a property fails, fast-check shrinks the tape — fewer and smaller choices — and with it the story.
 * Past the tape's end the choices go on from a small generator seeded by the tape, so a short tape
 * still makes a long story.
 */
export class ChoiceTape {
  readonly #tape: readonly number[];
  #next = 0;
  #state: number;

  constructor(tape: readonly number[]) {
    this.#tape = tape;
    this.#state = tape.reduce((h, v) => Math.imul(h ^ v, 0x9e3779b1) >>> 0, tape.length + 1);
  }

  /** xorshift32, past the tape's end. */
  #more(): number {
    let x = this.#state || 1;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#state = x >>> 0;
    return this.#state & 0xffff;
  }

  /** How fast-check prints a counterexample: the tape, to rebuild the case from. */
  [fc.toStringMethod](): string {
    return `ChoiceTape(${JSON.stringify(this.#tape)})`;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    const v = this.#tape[this.#next++] ?? this.#more();
    return n <= 1 ? 0 : v % n;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + this.below(max - min + 1);
  }

  /** True with probability `percent`/100. */
  chance(percent: number): boolean {
    return this.below(100) >= 100 - percent;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.below(items.length)]!;
  }

  /** A few distinct items (at least `min`), in tape order. */
  some<T>(items: readonly T[], min = 0): T[] {
    const chosen = items.filter(() => this.chance(40));
    for (const item of items) if (chosen.length < min && !chosen.includes(item)) chosen.push(item);
    return chosen;
  }

  /** A permutation of `items` (Fisher–Yates on tape choices). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

/** A tape of up to `maxLength` choices, shrinking towards fewer and smaller ones. */
export const choiceTape = (maxLength = 600) =>
  fc.array(fc.nat({ max: 0xffff }), { maxLength, size: 'max' }).map((tape) => new ChoiceTape(tape));
