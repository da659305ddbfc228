/**
 * Two API processes of zj-taishun file officers' requests into one database. One of them is killed
 * (SIGKILL) while a group of filings it has written waits for its commit: the other process, whose
 * filings wait behind that group for the link head, files on; the dead process's unanswered group
 * leaves no trace, what it answered before stays; the link to fj-shouning stays one chain.
 *
 * Deterministic, not timed: the database holds the killed process's groups at a gate (a trigger
 * waiting for an advisory lock the test holds) and the test watches pg_locks to know where each
 * group stands.
 */

import type { ChildProcess } from 'node:child_process';
import {
  eventually,
  fileRequests,
  filingOfficer,
  freePort,
  kill9,
  spawnTestNode,
  startTestNode,
  type TestNode,
  urgentRequest,
} from '@tiemeng/api/testing';
import { createTestDatabase, type TestDatabase } from '@tiemeng/db/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { holdFilingGroups } from './support/held-group.ts';
import { signIn } from './support/officers.ts';
import { expectDelivered, expectOneChain } from './support/sync-chain.ts';

const ZJ = 'zj-taishun';
/** How each zj process names its database connections, so the database tells them apart. */
const KILLED = 'zj-api-killed';
const SURVIVOR = 'zj-api-survivor';

describe('an API process killed in the middle of writing a group of filings', () => {
  const serverUrl = inject('testServerUrl');
  let dbs: { zj: TestDatabase; fj: TestDatabase };
  let fj: TestNode;
  let zj: TestNode;
  let killedUrl: string;
  let killedPort: number;
  let urls: { zj: string; fj: string };
  const connectedAs = (name: string) => `${dbs.zj.connectionString}?application_name=${name}`;
  beforeAll(async () => {
    dbs = {
      zj: await createTestDatabase(serverUrl, 'kill_zj'),
      fj: await createTestDatabase(serverUrl, 'kill_fj'),
    };
    const ports = { zj: await freePort(), fj: await freePort() };
    killedPort = await freePort();
    killedUrl = `http://127.0.0.1:${killedPort}`;
    // fj reaches zj through the surviving process.
    urls = { zj: `http://127.0.0.1:${ports.zj}`, fj: `http://127.0.0.1:${ports.fj}` };
    fj = await startTestNode({
      serverUrl,
      side: 'fj',
      connectionString: dbs.fj.connectionString,
      urls,
      port: ports.fj,
    });
    zj = await startTestNode({
      serverUrl,
      side: 'zj',
      connectionString: connectedAs(SURVIVOR),
      urls,
      port: ports.zj,
    });
  });
  afterAll(async () => {
    await zj?.stop();
    await fj?.stop();
    await dbs?.zj.drop();
    await dbs?.fj.drop();
  });

  it('loses only its unanswered group; the other process files on and the chain stays whole', async () => {
    // The killed process's first two groups of filings will stop before their commit until let go.
    const gate = await holdFilingGroups(dbs.zj.connectionString, KILLED, 2);
    let killed: ChildProcess | undefined;
    try {
      killed = await spawnTestNode({
        side: 'zj',
        connectionString: connectedAs(KILLED),
        urls,
        port: killedPort,
      });
      // One officer at each process, signed in before anything is held.
      const atKilled = await signIn({ url: killedUrl }, 'zj.officer');
      const atSurvivor = await filingOfficer(zj);

      // An urgent request over HTTP to the process about to die: its group is written, then held.
      const first = atKilled.assistance.file.mutate(urgentRequest(1));
      await eventually(async () => (await gate.waiting(1)) !== undefined, 'the first group at the gate');
      // 39 more at once: they wait for that group, to be written together by the next.
      const cut = Promise.allSettled(
        Array.from({ length: 39 }, (_, i) => atKilled.assistance.file.mutate(urgentRequest(i + 2))),
      );
      // The first is committed and answered; the next group is written and held before its commit.
      await gate.release(1);
      const answered = await first;
      await eventually(async () => (await gate.waiting(2)) !== undefined, 'the next group at the gate');
      const group = (await gate.waiting(2))!;
      expect(group.wrote).toBe(true);
      expect(group.records).toBeGreaterThan(0);

      // 50 more at the other process: its group waits for the link head the held group has.
      const filing = fileRequests(atSurvivor, 50, 50, 101);
      await eventually(() => gate.waitsFor(SURVIVOR, group.pid), 'the other group waiting for the head');

      await kill9(killed);
      // The dead process's backend wakes only once let go; it then finds its client gone and rolls back.
      await gate.release(2);
      await eventually(() => gate.ended(group.pid), 'the orphaned backend ending');

      expect((await cut).filter((a) => a.status === 'fulfilled')).toEqual([]);
      const filed = [answered.id, ...(await filing)];
      expect(new Set(filed).size).toBe(51);

      // Stored: exactly the filings that were answered, each once, in one chain with its audit row.
      const entries = await expectOneChain(zj);
      expect(entries).toHaveLength(51);
      const records = await zj.services.db
        .selectFrom('record_projection')
        .select(['record_id', 'state'])
        .where('record_type', '=', 'assistance')
        .execute();
      expect(records.map((r) => r.record_id).sort()).toEqual([...filed].sort());
      expect(records.map((r) => r.state.title).sort()).toEqual(
        [1, ...Array.from({ length: 50 }, (_, i) => 101 + i)].map((n) => urgentRequest(n).title).sort(),
      );
      const events = await zj.services.db
        .selectFrom('event')
        .select('record_id')
        .where('author', '=', ZJ)
        .execute();
      expect(events.map((e) => e.record_id).sort()).toEqual([...filed].sort());
      const audited = await zj.services.db
        .selectFrom('audit_log')
        .select('record_ids')
        .where('procedure', '=', 'assistance.file')
        .execute();
      expect(audited.map((r) => r.record_ids[0]).sort()).toEqual([...filed].sort());

      await expectDelivered(zj, fj);
    } finally {
      if (killed) await kill9(killed);
      await gate.close();
    }
  }, 90_000);
});
