import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';

/** The id of the newest row of a node's audit chain. */
export async function auditHeadId(db: Kysely<Database>): Promise<number> {
  const { id } = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirstOrThrow();
  return Number(id);
}

/** What pg_restore of an older dump leaves of the chain: the rows after `kept` gone. */
export function cutAuditAfter(db: Kysely<Database>, kept: number) {
  return db.transaction().execute(async (trx) => {
    await sql`alter table audit_log disable trigger all`.execute(trx);
    await sql`delete from audit_log where id > ${kept}`.execute(trx);
    await sql`alter table audit_log enable trigger all`.execute(trx);
  });
}

/** The row of `node`'s audit chain whose signed head the partner (`db`) holds. */
export async function heldAuditHead(db: Kysely<Database>, node: string): Promise<number> {
  const { row_id } = await db
    .selectFrom('audit_head_anchor')
    .select('row_id')
    .where('node', '=', node)
    .executeTakeFirstOrThrow();
  return Number(row_id);
}
