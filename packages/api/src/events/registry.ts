import type { RecordType } from './record-type.ts';

/** The record types a node folds. Types register themselves once at start-up. */
export class RecordTypeRegistry {
  readonly #types = new Map<string, RecordType>();

  register<S>(type: RecordType<S>): this {
    this.#types.set(type.type, type as RecordType);
    return this;
  }

  get(type: string): RecordType | undefined {
    return this.#types.get(type);
  }
}
