import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { GroupRunner } from '../batching/group-runner.ts';
import { type AppendOutcome, type PendingAppend, writeAppends } from './append-batch.ts';
import type { EventsDeps } from './events-deps.ts';

/** Most filings per transaction: a group's locks and statements stay small, its callers' wait short. */
export const MAX_GROUP = 256;
/**
 * Groups written at once: the next group locks its records, reads and vets them and writes its events
 * while the previous one holds the link head, so the round trips before the head are not waited
 * for twice. The head's row lock still orders them: a second group takes the head only once the
 * first has committed, and chains after it.
 */
export const GROUPS_IN_FLIGHT = 2;

/**
 * The node's appends from this process, in groups (group commit): filings that arrive while a group is
 * being written are written together by the next, in one transaction that locks each touched link's
 * head once. A link head held from read to commit is what every append of a link waits for, so one
 * lock per group instead of per event is what lets the node file at the speed of its database.
 *
 * Several API processes of one node each run their own: their groups take the same head row lock
 * (`lockLinkHead`), so chains stay gap-free across processes, and a process that dies mid-group loses
 * only its uncommitted group (PostgreSQL rolls it back and frees the lock; its callers were never
 * answered). No election is needed, hence nothing to take over.
 */
export class AppendSequencer {
  readonly #runner: GroupRunner<PendingAppend, AppendOutcome>;

  constructor(db: Kysely<Database>, deps: EventsDeps) {
    this.#runner = new GroupRunner((filings) => commitGroup(db, deps, filings), {
      maxGroup: MAX_GROUP,
      concurrency: GROUPS_IN_FLIGHT,
    });
  }

  /**
   * Resolves once the filing's event is committed, signed and chained, or rejects with the typed
   * error that refused it alone; a group that fails to commit fails all of its filings.
   */
  async append(filing: PendingAppend): Promise<AppendOutcome> {
    return this.#runner.add(filing);
  }
}

async function commitGroup(db: Kysely<Database>, deps: EventsDeps, filings: PendingAppend[]) {
  const outcomes = await db.transaction().execute((trx) => writeAppends(trx, deps, filings));
  filings.forEach((f, i) => {
    if ('ok' in outcomes[i]!) f.audit?.committed();
  });
  return outcomes;
}

const sequencers = new WeakMap<Kysely<Database>, AppendSequencer>();

/** The sequencer of appends to `db` in this process (one per database, created on first use). */
export function sequencerOf(db: Kysely<Database>, deps: EventsDeps): AppendSequencer {
  let sequencer = sequencers.get(db);
  if (!sequencer) {
    sequencer = new AppendSequencer(db, deps);
    sequencers.set(db, sequencer);
  }
  return sequencer;
}
