import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';

export function readReport(db: Kysely<Database>, id: number) {
  return db.selectFrom('reconcile_report').selectAll().where('id', '=', id).executeTakeFirst();
}
