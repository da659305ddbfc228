/**
 * Two API processes of zj-taishun file officers' requests into one database. The one writing a group
 * of filings is killed (SIGKILL) after writing it, before its commit: the other files on, the dead
 * process's group leaves no trace, and the link to fj-shouning stays one chain.
 */
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
    const killed = await spawnTestNode({
      side: 'zj',
      connectionString: connectedAs(KILLED),
      urls,
      port: killedPort,
    });
    const held = await holdFilingGroups(dbs.zj.connectionString, KILLED);
    try {
      // One officer at each process, signed in before anything is held.
      const atKilled = await signIn({ url: killedUrl }, 'zj.officer');
      const atSurvivor = await filingOfficer(zj);

      // 40 urgent requests filed at once over HTTP to the process about to die.
      const cut = Promise.allSettled(
        Array.from({ length: 40 }, (_, i) => atKilled.assistance.file.mutate(urgentRequest(i + 1))),
      );
      await eventually(async () => (await held.backend()) !== undefined, 'its group waiting at the gate');
      const backend = (await held.backend())!;
      // Its events, projections, link entries, head and audit rows are written, not committed.
      expect(backend.wrote).toBe(true);

      // 50 more at the other process: its group waits for the link head the held group has.
      const filing = fileRequests(atSurvivor, 50, 50, 101);
      await eventually(() => held.waitsFor(SURVIVOR, backend.pid), 'the other group waiting for the head');

      await kill9(killed);
      // The dead process's backend wakes only once let go; it then finds its client gone and rolls back.
      await held.release();
      await eventually(() => held.ended(backend.pid), 'the orphaned backend ending');

      const answers = await cut;
      expect(answers.filter((a) => a.status === 'fulfilled')).toEqual([]);
      const filed = await filing;
      expect(new Set(filed).size).toBe(50);

      // Stored: exactly the filings that were answered, each once, in one chain with its audit row.
      const entries = await expectOneChain(zj);
      expect(entries).toHaveLength(50);
      const records = await zj.services.db
        .selectFrom('record_projection')
        .select(['record_id', 'state'])
        .where('record_type', '=', 'assistance')
        .execute();
      expect(records.map((r) => r.record_id).sort()).toEqual([...filed].sort());
      expect(records.map((r) => r.state.title).sort()).toEqual(
        Array.from({ length: 50 }, (_, i) => urgentRequest(101 + i).title).sort(),
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
      await kill9(killed);
      await held.close();
    }
  }, 90_000);
});
