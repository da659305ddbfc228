import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { TiemengError } from '../../errors/index.ts';

/** The node hosting an active station, or UNKNOWN_STATION. */
export async function stationNode(db: Kysely<Database>, stationId: string): Promise<string> {
  const row = await db
    .selectFrom('station')
    .select(['node_id', 'disabled'])
    .where('id', '=', stationId)
    .executeTakeFirst();
  if (!row || row.disabled)
    throw new TiemengError('UNKNOWN_STATION', { message: `Unknown or disabled station ${stationId}` });
  return row.node_id;
}
