import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDatabase } from '@tiemeng/db';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appendAuditRow, type NewAuditRow } from '../audit/sql/append-audit-row.ts';
import { TiemengError } from '../errors/index.ts';
import { auditLocks, linkEntries, startTestNode, type TestNode } from '../testing/index.ts';
import { writeAppends } from './append-batch.ts';
import type { AppendCommand } from './append-event.ts';
import { AppendSequencer } from './append-sequencer.ts';

const FJ = 'fj-shouning';
const actor = { officer: null, station: null, roles: [] };
const note = (recordId: string, kind: string, data: unknown = {}): AppendCommand => ({
  recordType: 'test.note',
  recordId,
  kind,
  data,
  actor,
});
const auditRow = (requestId: string): NewAuditRow => ({
  at: new Date(),
  nodeId: 'zj-taishun',
  actorType: 'officer',
  actorId: 'zj.officer',
  procedure: 'test.file',
  recordIds: [],
  outcome: 'ok',
  errorCode: null,
  requestId,
  inputHash: '0'.repeat(64),
});

describe('the append sequencer', () => {
  let zj: TestNode;
  let sequencer: AppendSequencer;
  beforeAll(async () => {
    zj = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
    sequencer = new AppendSequencer(zj.services.db, zj.services.sync.deps);
  });
  afterAll(() => zj.destroy());

  /** Files `cmd` with an audit row named `requestId`; answers the outcome and whether the row was reported committed. */
  const file = (cmd: AppendCommand, requestId: string) => {
    const audit = { row: auditRow(requestId), committed: () => {}, told: false };
    audit.committed = () => {
      audit.told = true;
    };
    return { audit, outcome: sequencer.append({ cmd, traceId: null, audit }) };
  };
  const transactionOf = async (eventIds: string[]) =>
    (
      await zj.services.db
        .selectFrom('link_entry')
        .select((eb) => eb.cast<string>(eb.ref('xmin' as never), 'text').as('xid'))
        .where('event_id', 'in', eventIds)
        .execute()
    ).map((r) => r.xid);

  it('writes a group in one transaction, refusing only the filing that breaks a rule', async () => {
    const open = randomUUID();
    const created = await sequencer.append({ cmd: note(open, 'create', { parties: [FJ] }), traceId: null });
    expect('ok' in created).toBe(true);
    const headBefore = (await linkEntries(zj.services, 'zj-taishun')).length;

    // Filed in one tick while two other groups are being written (the most at once): the three
    // after them are the next group.
    const busy = file(note(randomUUID(), 'create', { parties: [FJ] }), 'busy');
    const busier = file(note(randomUUID(), 'create', { parties: [FJ] }), 'busier');
    const close1 = file(note(open, 'close'), 'close-1');
    const close2 = file(note(open, 'close'), 'close-2');
    const other = file(note(randomUUID(), 'create', { parties: [FJ] }), 'other');
    const filed = [busy, busier, close1, close2, other];
    const outcomes = await Promise.all(filed.map((f) => f.outcome));

    expect(outcomes.map((o) => ('ok' in o ? 'ok' : o.error.appCode))).toEqual([
      'ok',
      'ok',
      'ok',
      'ILLEGAL_TRANSITION',
      'ok',
    ]);
    expect((outcomes[3] as { error: TiemengError }).error).toBeInstanceOf(TiemengError);
    expect(filed.map((f) => f.audit.told)).toEqual([true, true, true, false, true]);
    const transactions = await transactionOf(outcomes.flatMap((o) => ('ok' in o ? [o.ok.eventId] : [])));
    expect(new Set(transactions).size).toBe(3);

    // Nothing of the refused filing is stored: no event, entry or audit row; the chain has no gap.
    const entries = await linkEntries(zj.services, 'zj-taishun', { columns: ['seq', 'event_id'] });
    expect(entries.length).toBe(headBefore + 4);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    const closes = await zj.services.db
      .selectFrom('event')
      .select('id')
      .where('record_id', '=', open)
      .where('kind', '=', 'close')
      .execute();
    expect(closes).toHaveLength(1);
    const rows = await zj.services.db
      .selectFrom('audit_log')
      .select('request_id')
      .where('procedure', '=', 'test.file')
      .execute();
    expect(rows.map((r) => r.request_id).sort()).toEqual(['busier', 'busy', 'close-1', 'other']);
  });

  it('fails every filing of a group that cannot commit, and stores none of it', async () => {
    const before = await linkEntries(zj.services, 'zj-taishun');
    const busy = [1, 2].map(() =>
      sequencer.append({ cmd: note(randomUUID(), 'create', { parties: [FJ] }), traceId: null }),
    );
    // PostgreSQL refuses a NUL character in jsonb: the whole group's transaction fails.
    const group = [
      note(randomUUID(), 'create', { parties: [FJ] }),
      note(randomUUID(), 'create', { parties: [FJ], title: 'nul \u0000' }),
    ].map((cmd) => sequencer.append({ cmd, traceId: null }));
    // Settled from the start: the group may fail before the busy filings are answered.
    const groupSettled = Promise.allSettled(group);
    expect((await Promise.all(busy)).every((o) => 'ok' in o)).toBe(true);
    const settled = await groupSettled;
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(await linkEntries(zj.services, 'zj-taishun')).toHaveLength(before.length + 2);

    // The next group is written as usual.
    const after = await sequencer.append({
      cmd: note(randomUUID(), 'create', { parties: [FJ] }),
      traceId: null,
    });
    expect('ok' in after).toBe(true);
  });

  it('a group that waited for the audit chain behind another process chains its rows after what that process committed', async () => {
    const otherProcess = createDatabase({ connectionString: zj.connectionString });
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const first = otherProcess.transaction().execute(async (trx) => {
        const written = await appendAuditRow(trx, auditRow('held'));
        await held;
        return written;
      });
      while ((await auditLocks(zj.services.db, true)) === 0) await sleep(10);
      // The group takes the link's head, then waits for the chain: the head it reads predates 'held'.
      const filing = file(note(randomUUID(), 'create', { parties: [FJ] }), 'waited');
      while ((await auditLocks(zj.services.db, false)) === 0) await sleep(10);
      release();

      const [a, outcome] = await Promise.all([first, filing.outcome]);
      expect('ok' in outcome).toBe(true);
      expect(filing.audit.told).toBe(true);
      const row = await zj.services.db
        .selectFrom('audit_log')
        .select(['id', 'prev_hash'])
        .where('request_id', '=', 'waited')
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ id: a.id + 1, prev_hash: a.hash });
    } finally {
      await otherProcess.destroy();
    }
  });

  it('a group rolled back after writing its audit rows leaves the next group chained to what was committed', async () => {
    const { db } = zj.services;
    const newest = () =>
      db
        .selectFrom('audit_log')
        .select(['id', 'hash'])
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
    const rolledBack = db.transaction().execute(async (trx) => {
      const cmd = note(randomUUID(), 'create', { parties: [FJ] });
      const audit = { row: auditRow('rolled-back'), committed: () => {} };
      await writeAppends(trx, zj.services.sync.deps, [{ cmd, traceId: null, audit }]);
      throw new Error('rolled back after its audit rows were written');
    });
    await expect(rolledBack).rejects.toThrow('rolled back');
    const head = await newest();

    // This process last appended the rolled-back rows: the next group must not chain to them.
    const next = file(note(randomUUID(), 'create', { parties: [FJ] }), 'after-rollback');
    expect('ok' in (await next.outcome)).toBe(true);
    const row = await db
      .selectFrom('audit_log')
      .select(['id', 'prev_hash'])
      .where('request_id', '=', 'after-rollback')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ id: head.id + 1, prev_hash: head.hash });
  });
});
