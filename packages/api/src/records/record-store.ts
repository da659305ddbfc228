import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { loadProjection, loadState, type ProjectionRow } from './sql/load-projection.ts';

/**
 * A record type's stored projections, read as its state type `S`. The state column is JSON its own
 * fold wrote, so this is the one place where stored JSON becomes `S`; nothing else casts it.
 */
export class RecordStore<S> {
  readonly type: string;
  constructor(type: string) {
    this.type = type;
  }

  /** A record's projection row with its state (NOT_FOUND when there is none of this type). */
  async load(db: Kysely<Database>, recordId: string): Promise<ProjectionRow & { state: S }> {
    const row = await loadProjection(db, this.type, recordId);
    return { ...row, state: this.state(row.state) };
  }

  /** Only the state's `keys`: what a command checks before it appends, without the timeline. */
  async fields<K extends keyof S & string>(
    db: Kysely<Database>,
    recordId: string,
    keys: readonly K[],
  ): Promise<Pick<S, K>> {
    return this.state(await loadState(db, this.type, recordId, keys));
  }

  /** List rows with the state fields their summaries read (`Pick<S, K>` by the list's own query). */
  rows<R extends { state: unknown }, K extends keyof S>(rows: readonly R[], _keys: readonly K[]) {
    return rows.map((r) => ({ ...r, state: this.state<Pick<S, K>>(r.state) }));
  }

  /** A state column as `S` (or the part of it a query selected). */
  state<T = S>(json: unknown): T {
    return json as T;
  }
}
