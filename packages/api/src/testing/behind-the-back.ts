import type { RawBuilder } from 'kysely';
import type { NodeServices } from '../node/node-services.ts';

/**
 * Runs SQL on a node's database in one transaction, behind the engine's back (the test user is a
 * superuser), as a careless administrator would. Settings that must not outlive it are `set local`
 * (e.g. `set local session_replication_role = replica` to skip FK checks and triggers).
 */
export function behindTheBack(node: { services: NodeServices }, statements: RawBuilder<unknown>[]) {
  return node.services.db.transaction().execute(async (trx) => {
    for (const statement of statements) await statement.execute(trx);
  });
}
