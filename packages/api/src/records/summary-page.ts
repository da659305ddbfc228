import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { SharedReads } from '../batching/shared-reads.ts';
import type { Clock } from '../clock.ts';

/**
 * A list's answer: one page read at one instant and every row summarised as of that instant, the
 * read shared with identical lists asked at the same time (`SharedReads`, keyed by `key`).
 *
 * @example
 * return summaryPage(this.#deps, db, ['assistance.list', filter],
 *   (now) => listAssistance(db, nodeId, now, filter), (row, now) => this.#summary(row, now));
 */
export function summaryPage<R, S>(
  deps: { reads: SharedReads; clock: Clock },
  db: Kysely<Database>,
  key: unknown,
  read: (now: Date) => Promise<{ rows: R[]; nextCursor: string | null }>,
  summary: (row: R, now: Date) => S,
) {
  return deps.reads.read(db, key, async () => {
    const now = deps.clock.now();
    const page = await read(now);
    return { items: page.rows.map((r) => summary(r, now)), nextCursor: page.nextCursor };
  });
}
