import type { Database, RecordProjectionTable } from '@tiemeng/db';
import type { Kysely, Selectable } from 'kysely';
import { batchedRead } from '../../batching/batched-read.ts';
import { TiemengError } from '../../errors/index.ts';
import { stateFields } from './newest-first-page.ts';

export type ProjectionRow = Selectable<RecordProjectionTable>;

const notFound = (type: string, recordId: string) =>
  new TiemengError('NOT_FOUND', { message: `No ${type} record ${recordId}` });

/** A record whose first event was rejected has no state (status `none`): it is not there to read or act on. */
const projectionOf = (db: Kysely<Database>, type: string, recordId: string) =>
  db
    .selectFrom('record_projection')
    .where('record_id', '=', recordId)
    .where('record_type', '=', type)
    .where('status', '<>', 'none');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whole projection rows by record id; concurrent reads (every filing answers its record) share one query. */
const projectionsById = batchedRead(async (db, keys) => {
  // A key that is no record id finds nothing, rather than failing the query of every read with it.
  const recordIds = keys.filter((k) => UUID.test(k));
  if (recordIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('record_projection')
    .selectAll()
    .where('record_id', 'in', recordIds)
    .where('status', '<>', 'none')
    .execute();
  return new Map(rows.map((r) => [r.record_id, r]));
});

/** The projection of a record of `type`, or NOT_FOUND (also for a record of another type). */
export async function loadProjection(
  db: Kysely<Database>,
  type: string,
  recordId: string,
): Promise<ProjectionRow> {
  const row = await projectionsById.load(db, recordId);
  if (row?.record_type !== type) throw notFound(type, recordId);
  return row;
}

/**
 * Only the state's top-level `keys` of a record of `type` (a key the state lacks reads as null), or
 * NOT_FOUND like `loadProjection`: what a command checks before it appends, without the timeline.
 */
export async function loadState<K extends string>(
  db: Kysely<Database>,
  type: string,
  recordId: string,
  keys: readonly K[],
): Promise<unknown> {
  const row = await projectionOf(db, type, recordId).select(stateFields(keys)).executeTakeFirst();
  if (!row) throw notFound(type, recordId);
  return row.state;
}
