import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';

export type TableCounts = Record<string, number>;

/**
 * A function answering the row count of every table of the node's database, in one query: the
 * fuzz's "a refusal changes nothing" check, cheap enough to run around every call.
 */
export async function tableCounter(db: Kysely<Database>): Promise<() => Promise<TableCounts>> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db);
  const names = rows.map((r) => r.name);
  const query = sql.raw<Record<string, number>>(
    `select ${names.map((name, i) => `(select count(*) from "${name}")::int as c${i}`).join(', ')}`,
  );
  return async () => {
    const { rows: counted } = await query.execute(db);
    return Object.fromEntries(names.map((name, i) => [name, counted[0]![`c${i}`]!]));
  };
}

/** The tables whose count moved, and by how much. */
export function countChanges(before: TableCounts, after: TableCounts): TableCounts {
  const moved: TableCounts = {};
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const delta = (after[name] ?? 0) - (before[name] ?? 0);
    if (delta !== 0) moved[name] = delta;
  }
  return moved;
}
