import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { canonicalJson } from '../crypto/hash.ts';
import { GroupRunner } from './group-runner.ts';

/**
 * Identical reads asked at the same time share one query: while a read of a key is under way, every
 * new read of that key waits for it to finish and is then answered by one more query for all of
 * them. Each answer still comes from a query that started after the read was asked, so an officer
 * never gets a list older than their request (unlike a cache); only the work is shared. Several duty
 * desks polling the same list cost one query per round instead of one each.
 *
 * Answers are shared objects: callers must not change them.
 *
 * @example
 * const page = await reads.read(db, ['assistance.list', filter], () => query(db, filter));
 */
export class SharedReads {
  readonly #groups = new Map<string, GroupRunner<() => Promise<unknown>, unknown>>();
  #asked = 0;
  #queried = 0;

  /**
   * `query()`'s answer, or that of an identical read started after this call. Reads are identical
   * when their `what`s (everything the query depends on, as JSON) are.
   */
  read<T>(db: Kysely<Database>, what: unknown, query: () => Promise<T>): Promise<T> {
    this.#asked++;
    // Inside a transaction the caller must see its own uncommitted changes: never share.
    if (db.isTransaction) return this.#query(query);
    const key = canonicalJson(what);
    let group = this.#groups.get(key);
    if (!group) {
      group = new GroupRunner(
        async (queries) => {
          const answer = await this.#query(queries[0]!);
          return queries.map(() => answer);
        },
        { onIdle: () => this.#groups.delete(key) },
      );
      this.#groups.set(key, group);
    }
    return group.add(query) as Promise<T>;
  }

  /** Reads asked and queries run so far: their ratio is how many reads each query served. */
  get counts(): { asked: number; queried: number } {
    return { asked: this.#asked, queried: this.#queried };
  }

  #query<T>(query: () => Promise<T>): Promise<T> {
    this.#queried++;
    return query();
  }
}
