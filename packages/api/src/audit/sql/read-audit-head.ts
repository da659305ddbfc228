import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';

/** The newest audit row's id and hash, or undefined on an empty chain. */
export function readAuditHead(db: Kysely<Database>) {
  return db.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
}
