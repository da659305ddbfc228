import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { LinkHead } from '../../peer/peer-client.ts';
import { LINK_GENESIS } from '../entry-payload.ts';

export type { LinkHead };

/**
 * Locks the head row of link from → to for the rest of the transaction (creating it at seq 0),
 * so appends to one link are serialised across processes and seq never repeats. One statement: the
 * no-op update takes the row lock and returns the newest committed head, even one committed after
 * this transaction's snapshot.
 */
export async function lockLinkHead(trx: Kysely<Database>, from: string, to: string): Promise<LinkHead> {
  return trx
    .insertInto('link_head')
    .values({ from_node: from, to_node: to, seq: 0, hash: LINK_GENESIS })
    .onConflict((oc) =>
      oc.columns(['from_node', 'to_node']).doUpdateSet((eb) => ({ seq: eb.ref('link_head.seq') })),
    )
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
}

/** The head without locking (status, heads exchange). */
export async function readLinkHead(db: Kysely<Database>, from: string, to: string): Promise<LinkHead> {
  const row = await db
    .selectFrom('link_head')
    .select(['seq', 'hash'])
    .where('from_node', '=', from)
    .where('to_node', '=', to)
    .executeTakeFirst();
  return row ?? { seq: 0, hash: LINK_GENESIS };
}
