import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashCanonical } from '../crypto/hash.ts';
import { actAs, behindTheBack, type callerFor, startTestNode, type TestNode } from '../testing/index.ts';
import { AUDIT_GENESIS, auditRowHash } from './audit-chain.ts';

describe('audit trail', () => {
  let node: TestNode;
  let auditor: ReturnType<typeof callerFor>;
  beforeAll(async () => {
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
    auditor = await actAs(node, 'zj.auditor');
  });
  afterAll(() => node.destroy());

  it('writes one chained row per call, reads included, and verifies', async () => {
    const before = await auditor.audit.list({ limit: 1 });
    await auditor.auth.me();
    const after = await auditor.audit.list({ limit: 5 });
    const me = after.items.find((r) => r.procedure === 'auth.me');
    expect(me).toMatchObject({ outcome: 'ok', actorType: 'officer', nodeId: 'zj-taishun' });
    // The reader sees who called by name; the chained id stays beside it.
    expect(me!.actorName).toBe((await auditor.auth.me()).username);
    expect(me!.id).toBeGreaterThan(before.items[0]!.id);
    expect(me!.prevHash).toMatch(/^[0-9a-f]{64}$/);
    const verification = await auditor.audit.verify();
    expect(verification).toMatchObject({ ok: true });
  });

  it('pages newest first and filters by outcome', async () => {
    const refused = await auditor.audit.list({ outcome: 'refused', limit: 500 });
    expect(refused.items.every((r) => r.outcome === 'refused')).toBe(true);
    const page1 = await auditor.audit.list({ limit: 2 });
    const page2 = await auditor.audit.list({ limit: 2, beforeId: page1.nextBeforeId! });
    expect(page2.items[0]!.id).toBeLessThan(page1.items[1]!.id);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit table', async () => {
    await expect(sql`update audit_log set outcome = 'ok'`.execute(node.services.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_log`.execute(node.services.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(node.services.db)).rejects.toThrow(/append-only/);
  });

  it('names the exact row a superuser altered with triggers disabled', async () => {
    const target = (await auditor.audit.list({ limit: 3 })).items[2]!;
    await behindTheBack(node, [
      sql`alter table audit_log disable trigger user`,
      sql`update audit_log set actor_id = 'someone-else' where id = ${target.id}`,
      sql`alter table audit_log enable trigger user`,
    ]);
    const verification = await auditor.audit.verify();
    expect(verification).toMatchObject({ ok: false, brokenRowId: target.id });
    expect(verification.ok === false && verification.reason).toMatch(/altered/);
  });
});

describe('audit row hashes and notes', () => {
  const row = {
    id: 7,
    at: new Date('2025-06-14T02:00:00Z'),
    nodeId: 'fj-fuding',
    actorType: 'officer',
    actorId: 'a',
    procedure: 'notice.reveal',
    recordIds: ['r'],
    outcome: 'ok',
    errorCode: null,
    requestId: 'q',
    inputHash: 'h',
  };

  it('a row without a note hashes as rows did before notes existed, so old chains still verify', () => {
    const { prevHash: _, ...withoutPrev } = { ...row, at: row.at.toISOString(), prevHash: '' };
    expect(auditRowHash({ ...row, note: null }, AUDIT_GENESIS)).toBe(
      hashCanonical({ ...withoutPrev, recordIds: ['r'], prevHash: AUDIT_GENESIS }),
    );
  });

  it('a note is covered by the hash', () => {
    expect(auditRowHash({ ...row, note: 'checkpoint match' }, AUDIT_GENESIS)).not.toBe(
      auditRowHash({ ...row, note: 'routine' }, AUDIT_GENESIS),
    );
  });
});
