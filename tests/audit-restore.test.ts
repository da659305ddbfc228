import { randomUUID } from 'node:crypto';
import {
  appendAuditRowAlone,
  markRestore,
  sendAuditHeads,
  startTestPair,
  type TestPair,
} from '@tiemeng/api/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditHeadId, cutAuditAfter, heldAuditHead } from './support/audit-chain.ts';
import { actAs } from './support/officers.ts';

const ZJ = 'zj-taishun';
const FJ = 'fj-shouning';

/**
 * A restore takes the audit chain back to the backup's last row; the partner still holds anchors of
 * rows written after it. `tiemeng-node restore` records the cut in the chain (a `cli.restore` row
 * right after the kept rows), and audit.verify reports those anchors as lost by that restore — not
 * as tampering. Everything else stays evidence: a kept row changed, or rows removed after the restore.
 */
describe('audit anchors of rows lost by a restore', () => {
  let pair: TestPair;
  beforeAll(async () => {
    // No background calls between the nodes (each is audited): the rows here are the test's own.
    pair = await startTestPair(inject('testServerUrl'), { delivery: false });
  });
  afterAll(() => pair.destroy());

  const head = () => auditHeadId(pair.zj.services.db);
  const cutAfter = (kept: number) => cutAuditAfter(pair.zj.services.db, kept);
  const heldHead = () => heldAuditHead(pair.fj.services.db, ZJ);

  it('are reported as lost by the restore the chain records; a kept row changed or rows removed after it stay a mismatch', async () => {
    const auditor = await actAs(pair.zj, 'zj.auditor');
    // A reconciliation anchors a row the backup will hold; the backup is "taken" at `kept`.
    const anchored = (await (await actAs(pair.zj, 'zj.admin')).reconcile.run({})).anchors.sent!.rowId;
    const kept = await head();
    expect(kept).toBeGreaterThanOrEqual(anchored);
    // After the backup: more rows, and fj witnesses the newest.
    for (let i = 0; i < 3; i++) await auditor.auth.me();
    await sendAuditHeads(pair.zj);
    const lostHead = await heldHead();
    expect(lostHead).toBeGreaterThan(kept);

    // Restored to the backup, without the restore recorded: the partner's head anchor is a mismatch.
    await cutAfter(kept);
    const unexplained = await pair.zj.services.audit.verify();
    expect(unexplained.anchors.peers[0]).toMatchObject({ status: 'mismatch', brokenRowId: lostHead });

    // As `tiemeng-node restore` does: the cut recorded right after the kept rows.
    const cut = await markRestore(pair.zj.services.db, {
      at: pair.zj.services.clock.now(),
      nodeId: ZJ,
      actorId: 'operator',
      backupTakenAt: '2026-12-01T02:00:00.000Z',
    });
    expect(cut).toMatchObject({ keptRowId: kept, restoreRowId: kept + 1 });
    const explained = await (await actAs(pair.zj, 'zj.auditor')).audit.verify();
    expect(explained).toMatchObject({
      ok: true,
      anchors: {
        ok: true,
        restores: [cut],
        peers: [
          {
            peer: FJ,
            status: 'ok',
            lostInRestore: [{ ...cut, lostRows: { from: kept + 1, to: lostHead }, anchors: 1 }],
          },
        ],
      },
    });
    expect(explained.anchors.peers[0]!.reason).toContain(
      `audit rows ${kept + 1}..${lostHead} were lost by the restore at ${cut.restoredAt} from the backup taken at 2026-12-01T02:00:00.000Z`,
    );

    // Rows removed after the restore are not explained by it: fj witnessed them after it.
    for (let i = 0; i < 3; i++) await (await actAs(pair.zj, 'zj.auditor')).auth.me();
    await sendAuditHeads(pair.zj);
    const after = await heldHead();
    expect(after).toBeGreaterThan(cut.restoreRowId);
    await cutAfter(cut.restoreRowId);
    const removed = await pair.zj.services.audit.verify();
    expect(removed).toMatchObject({ ok: false, anchors: { ok: false } });
    expect(removed.anchors.peers[0]).toMatchObject({ status: 'mismatch', brokenRowId: after });
    // Nor by a second restore row that does not follow the rows it claims to keep.
    const note = JSON.stringify({ restore: { backupTakenAt: null, keptRowId: kept } });
    await appendAuditRowAlone(pair.zj.services.db, {
      at: pair.zj.services.clock.now(),
      nodeId: ZJ,
      actorType: 'system',
      actorId: 'operator',
      procedure: 'cli.restore',
      recordIds: [],
      outcome: 'ok',
      errorCode: null,
      requestId: randomUUID(),
      inputHash: '0'.repeat(64),
      note,
    });
    const forged = await pair.zj.services.audit.verify();
    expect(forged.anchors.restores).toEqual([cut]);
    expect(forged.anchors.peers[0]).toMatchObject({ status: 'mismatch', brokenRowId: after });

    // A row the backup kept, changed behind the node's back: the reconciliation anchor of it says so.
    await pair.zj.services.db.transaction().execute(async (trx) => {
      await sql`alter table audit_log disable trigger all`.execute(trx);
      await sql`update audit_log set hash = repeat('0', 64) where id = ${anchored}`.execute(trx);
      await sql`alter table audit_log enable trigger all`.execute(trx);
    });
    const changed = await pair.zj.services.audit.verify();
    expect(changed.anchors.peers[0]).toMatchObject({ status: 'mismatch', brokenRowId: anchored });
  });
});
