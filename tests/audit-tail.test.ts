import {
  eventually,
  sendAuditHeads,
  startTestPair,
  type TestPair,
  urgentRequest,
} from '@tiemeng/api/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { actAs } from './support/officers.ts';

const ZJ = 'zj-taishun';

describe('deleting the newest audit rows is caught within a minute', () => {
  let pair: TestPair;
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'));
  });
  afterAll(() => pair.destroy());

  it('the partner holds our newest signed head; audit.verify finds the rows removed after it, and a head sent after goes back', async () => {
    // Some calls, audited; then the head goes to the partner, as it does every half minute.
    for (let i = 0; i < 3; i++) await (await actAs(pair.zj, 'zj.duty')).auth.me();
    await sendAuditHeads(pair.zj);
    const held = await pair.fj.services.db
      .selectFrom('audit_head_anchor')
      .select(['row_id', 'row_hash'])
      .where('node', '=', ZJ)
      .executeTakeFirstOrThrow();
    const head = await pair.zj.services.db
      .selectFrom('audit_log')
      .select(['id', 'hash'])
      .where('id', '=', Number(held.row_id))
      .executeTakeFirstOrThrow();
    expect(head.hash).toBe(held.row_hash);
    const auditor = await actAs(pair.zj, 'zj.auditor');
    expect(await auditor.audit.verify()).toMatchObject({ ok: true, anchors: { ok: true } });

    // A superuser removes the newest rows, down to before the head the partner holds.
    const cut = Number(held.row_id) - 2;
    await pair.zj.services.db.transaction().execute(async (trx) => {
      await sql`alter table audit_log disable trigger all`.execute(trx);
      await sql`delete from audit_log where id >= ${cut}`.execute(trx);
      await sql`alter table audit_log enable trigger all`.execute(trx);
    });
    const verification = await auditor.audit.verify();
    expect(verification).toMatchObject({
      anchors: {
        ok: false,
        peers: [{ peer: 'fj-shouning', status: 'mismatch', brokenRowId: Number(held.row_id) }],
      },
    });
    expect(verification.anchors.peers[0]!.reason).toMatch(/row is missing/);

    // The next head zj sends is behind the one fj holds: fj records it, and keeps the one it held.
    await sendAuditHeads(pair.zj);
    const incidents = await pair.fj.services.db
      .selectFrom('sync_incident')
      .select(['kind', 'detail'])
      .where('peer', '=', ZJ)
      .where('kind', '=', 'ANCHOR_CONFLICT')
      .execute();
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.detail).toMatch(/newest audit rows were removed or rewritten/);
    const still = await pair.fj.services.db
      .selectFrom('audit_head_anchor')
      .select('row_id')
      .where('node', '=', ZJ)
      .executeTakeFirstOrThrow();
    expect(Number(still.row_id)).toBe(Number(held.row_id));

    // Later heads, still behind the one fj holds, add no incident: the first is the evidence.
    await (await actAs(pair.zj, 'zj.duty')).auth.me();
    await sendAuditHeads(pair.zj);
    const again = await pair.fj.services.db
      .selectFrom('sync_incident')
      .select('id')
      .where('peer', '=', ZJ)
      .where('kind', '=', 'ANCHOR_CONFLICT')
      .execute();
    expect(again).toHaveLength(1);
  });
});

describe('a delivery to the partner carries our audit head', () => {
  let pair: TestPair;
  beforeAll(async () => {
    // The half-minute round pushed far out: only deliveries can bring the head here.
    pair = await startTestPair(inject('testServerUrl'), { auditHeadIntervalMs: 600_000 });
  });
  afterAll(() => pair.destroy());

  const heldAtFj = () =>
    pair.fj.services.db
      .selectFrom('audit_head_anchor')
      .select(['row_id', 'row_hash'])
      .where('node', '=', ZJ)
      .executeTakeFirst();

  it('the head follows the filing to the partner, so rows removed after it are reported by audit.verify at once', async () => {
    const auditor = await actAs(pair.zj, 'zj.auditor');
    const officer = await actAs(pair.zj, 'zj.duty');
    const filed = await officer.assistance.file(urgentRequest(1));
    const filing = await pair.zj.services.db
      .selectFrom('audit_log')
      .select('id')
      .where('procedure', '=', 'assistance.file')
      .where('record_ids', '@>', sql<string[]>`array[${filed.id}]::text[]`)
      .executeTakeFirstOrThrow();
    await eventually(
      async () => Number((await heldAtFj())?.row_id ?? 0) >= Number(filing.id),
      'zj’s head, at or after the filing’s audit row, held by fj',
    );
    const held = (await heldAtFj())!;

    // A superuser removes the filing's audit row and everything after it.
    await pair.zj.services.db.transaction().execute(async (trx) => {
      await sql`alter table audit_log disable trigger all`.execute(trx);
      await sql`delete from audit_log where id >= ${filing.id}`.execute(trx);
      await sql`alter table audit_log enable trigger all`.execute(trx);
    });
    const verification = await auditor.audit.verify();
    expect(verification).toMatchObject({
      ok: false,
      anchors: {
        ok: false,
        peers: [{ peer: 'fj-shouning', status: 'mismatch', brokenRowId: Number(held.row_id) }],
      },
    });
    expect(verification.anchors.peers[0]!.reason).toMatch(/row is missing/);
  });
});
