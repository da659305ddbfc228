import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { lockRecords } from '../events/sql/lock-record.ts';
import type { PeerClient } from '../peer/peer-client.ts';
import {
  advisoryLocks,
  behindTheBack,
  linkEntries,
  linkHead,
  startTestNode,
  type TestNode,
  writeNote,
} from '../testing/index.ts';
import { recoverOwnLink } from './recover-own-link.ts';
import { lockLinkHead } from './sql/lock-link-head.ts';

const ZJ = 'zj-taishun';
const FJ = 'fj-shouning';

describe('taking back our own entries from the partner', () => {
  let zj: TestNode;
  beforeAll(async () => {
    zj = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
  });
  afterAll(() => zj.destroy());

  it('waits for a record a filing holds without holding the link the filing waits for', async () => {
    // zj signs a note for fj, then loses the entry (as a restore from an older backup would); fj's copy is all there is.
    const { recordId } = await writeNote(zj.services, {
      kind: 'create',
      data: { title: 'signed before the restore', parties: [FJ] },
    });
    const [lost] = await linkEntries(zj.services, ZJ, { to: FJ, columns: ['seq', 'hash', 'prev', 'jws'] });
    await behindTheBack(zj, [
      sql`set local session_replication_role = replica`,
      sql`delete from link_entry where from_node = ${ZJ} and to_node = ${FJ} and seq = ${lost!.seq}`,
      sql`update link_head set seq = ${lost!.seq - 1}, hash = ${lost!.prev} where from_node = ${ZJ} and to_node = ${FJ}`,
    ]);
    const fj = {
      nodeId: FJ,
      pullOwn: async (after: number) => (after < lost!.seq ? [lost!.jws] : []),
    } as unknown as PeerClient;

    // A filing on the record holds it and then needs the link, as the append sequencer does;
    // recovery starts while it holds the record.
    let recovery: Promise<number> | undefined;
    await zj.services.db.transaction().execute(async (trx) => {
      await lockRecords(trx, [recordId]);
      recovery = recoverOwnLink(zj.services.sync.deps, fj, { seq: lost!.seq, hash: lost!.hash });
      recovery.catch(() => {}); // awaited below
      while ((await advisoryLocks(zj.services.db, false)) === 0) await sleep(10);
      // A deadlock would be found (and one side killed) within PostgreSQL's deadlock_timeout of 1 s.
      await lockLinkHead(trx, ZJ, FJ);
    });

    expect(await recovery).toBe(1);
    expect(await linkHead(zj.services, ZJ, FJ)).toEqual({ seq: lost!.seq, hash: lost!.hash });
  });
});
