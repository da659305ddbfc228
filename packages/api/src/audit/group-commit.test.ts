import { createDatabase, type Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { actAs, auditLocks, type callerFor, startTestNode, type TestNode } from '../testing/index.ts';
import { appendAuditRow, appendAuditRowAlone, type NewAuditRow } from './sql/append-audit-row.ts';

const row = (procedure: string): NewAuditRow => ({
  at: new Date(),
  nodeId: 'zj-taishun',
  actorType: 'officer',
  actorId: 'zj.duty',
  procedure,
  recordIds: [],
  outcome: 'ok',
  errorCode: null,
  requestId: procedure,
  inputHash: '0'.repeat(64),
});

describe('audit group commit with several API processes on one database', () => {
  let node: TestNode;
  let otherProcess: Kysely<Database>;
  let auditor: ReturnType<typeof callerFor>;
  beforeAll(async () => {
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
    otherProcess = createDatabase({ connectionString: node.connectionString });
    auditor = await actAs(node, 'zj.auditor');
  });
  afterAll(async () => {
    await otherProcess.destroy();
    await node.destroy();
  });

  it('reads audited by two processes at once, between changes audited in their transactions, form one unbroken chain', async () => {
    const { db } = node.services;
    const before = (await auditor.audit.list({ limit: 1 })).items[0]!.id;
    const here = Array.from({ length: 60 }, (_, i) => appendAuditRowAlone(db, row(`here.${i}`)));
    const there = Array.from({ length: 60 }, (_, i) => appendAuditRowAlone(otherProcess, row(`there.${i}`)));
    const changes = Array.from({ length: 5 }, (_, i) =>
      otherProcess.transaction().execute((trx) => appendAuditRow(trx, row(`change.${i}`))),
    );
    // Each process last saw the chain's head before the other appended: both must chain anew.
    const more = [
      appendAuditRowAlone(db, row('here.last')),
      appendAuditRowAlone(otherProcess, row('there.last')),
    ];
    const written = await Promise.all([...here, ...there, ...changes, ...more]);

    const ids = written.map((w) => w.id).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 127 }, (_, i) => before + 2 + i)); // after the auditor's own list
    expect(new Set(written.map((w) => w.hash)).size).toBe(127);
    expect(await auditor.audit.verify()).toMatchObject({ ok: true });
  });

  it('a change that waited for the chain behind another process chains after what that process committed', async () => {
    const { db } = node.services;
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The other process appends in a transaction it keeps open, holding the chain's lock.
    const first = otherProcess.transaction().execute(async (trx) => {
      const written = await appendAuditRow(trx, row('held'));
      await held;
      return written;
    });
    while (!(await lockHolders(db))) await new Promise((r) => setTimeout(r, 10));
    // This change's first statement waits for that lock: what it reads of the chain predates the row.
    const second = db.transaction().execute((trx) => appendAuditRow(trx, row('waited')));
    while ((await lockWaiters(db)) === 0) await new Promise((r) => setTimeout(r, 10));
    release();

    const [a, b] = await Promise.all([first, second]);
    expect(b.id).toBe(a.id + 1);
    expect(await auditor.audit.verify()).toMatchObject({ ok: true });
  });
});

const lockHolders = (db: Kysely<Database>) => auditLocks(db, true);
const lockWaiters = (db: Kysely<Database>) => auditLocks(db, false);
