import type { Database } from '@tiemeng/db';
import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';

/** Most keys one query looks up: its `in (…)` list stays short enough to plan and send cheaply. */
const MAX_KEYS = 500;

/** A read by key whose concurrent uses share one query (see `batchedRead`). */
export interface BatchedRead<V> {
  /** The value at `key`, or undefined when `lookUp` found none. */
  load(db: Kysely<Database>, key: string): Promise<V | undefined>;
  /** The values at `keys`, in order: one query for all of them, inside a transaction too. */
  loadMany(db: Kysely<Database>, keys: readonly string[]): Promise<(V | undefined)[]>;
}

/**
 * A read by key where the reads asked in the same tick are answered by one query (DataLoader,
 * with no cache): fifty officers whose filings commit together then read their fifty records back
 * with one statement per table instead of fifty. As with `SharedReads`, every answer comes from a
 * query started after the read was asked. Inside a transaction a read is never shared: the caller
 * must see its own uncommitted changes.
 *
 * `lookUp` answers, for distinct keys, a map from each key found to its value.
 *
 * @example
 * const stationsById = batchedRead(async (db, ids) =>
 *   new Map((await stations(db).where('id', 'in', ids).execute()).map((r) => [r.id, r])));
 * const station = await stationsById.load(db, 'fj-xixi');
 */
export function batchedRead<V>(
  lookUp: (db: Kysely<Database>, keys: readonly string[]) => Promise<ReadonlyMap<string, V>>,
): BatchedRead<V> {
  const loaders = new WeakMap<Kysely<Database>, DataLoader<string, V | undefined>>();
  const alone = async (db: Kysely<Database>, keys: readonly string[]) => {
    const found = await lookUp(db, [...new Set(keys)]);
    return keys.map((k) => found.get(k));
  };
  const loaderOf = (db: Kysely<Database>) => {
    let loader = loaders.get(db);
    if (!loader) {
      loader = new DataLoader((keys) => alone(db, keys), { cache: false, maxBatchSize: MAX_KEYS });
      loaders.set(db, loader);
    }
    return loader;
  };
  return {
    async load(db, key) {
      if (db.isTransaction) return (await alone(db, [key]))[0];
      return loaderOf(db).load(key);
    },
    async loadMany(db, keys) {
      if (db.isTransaction) return alone(db, keys);
      const loader = loaderOf(db);
      return Promise.all(keys.map((key) => loader.load(key)));
    },
  };
}
