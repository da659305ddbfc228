import type { Database, RecordProjectionTable } from '@tiemeng/db';
import type { Kysely, Selectable } from 'kysely';
import { TiemengError } from '../../errors/index.ts';

export type ProjectionRow = Selectable<RecordProjectionTable>;

/** The projection of a record of `type`, or NOT_FOUND (also for a record of another type). */
export async function loadProjection(
  db: Kysely<Database>,
  type: string,
  recordId: string,
): Promise<ProjectionRow> {
  const row = await db
    .selectFrom('record_projection')
    .selectAll()
    .where('record_id', '=', recordId)
    .where('record_type', '=', type)
    .executeTakeFirst();
  if (!row) throw new TiemengError('NOT_FOUND', { message: `No ${type} record ${recordId}` });
  return row;
}
