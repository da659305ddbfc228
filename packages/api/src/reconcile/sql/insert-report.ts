import type { Database, ReconcileReportTable } from '@tiemeng/db';
import type { Insertable, Kysely } from 'kysely';

export function insertReport(db: Kysely<Database>, report: Insertable<ReconcileReportTable>) {
  return db.insertInto('reconcile_report').values(report).returningAll().executeTakeFirstOrThrow();
}
