import { describe, expect, inject, it } from 'vitest';
import { PeerCallError, type PeerClient } from '../peer/peer-client.ts';
import {
  captureLogs,
  eventually,
  freePort,
  LINK_GENESIS,
  type LogEntry,
  linkHead,
  rowCount,
  startTestNode,
  startTestPair,
  type TestNode,
  writeNote,
} from '../testing/index.ts';
import { DeliveryWorker } from './delivery-worker.ts';
import { pullInbound } from './pull-inbound.ts';

const ZJ = 'zj-taishun';
const FJ = 'fj-shouning';

describe('what the duty log says when the partner node cannot be reached', () => {
  const delivery = { baseBackoffMs: 20, maxBackoffMs: 50, idlePollMs: 50, pullIntervalMs: 3_600_000 };
  const failures = (entries: LogEntry[]) => entries.filter((e) => e.msg === 'delivery failed');
  const INFO = 30;
  const WARN = 40;

  it('a peer down briefly is information; down longer than warnUnreachableAfterMs, a warning', async () => {
    const logs = captureLogs(ZJ);
    const nowhere = `http://127.0.0.1:${await freePort()}`; // nothing listens there
    const zj = await startTestNode({
      serverUrl: inject('testServerUrl'),
      side: 'zj',
      urls: { zj: 'http://127.0.0.1:1', fj: nowhere },
      delivery: { ...delivery, warnUnreachableAfterMs: 400 },
      log: logs.log,
    });
    try {
      await eventually(async () => failures(logs.entries()).some((e) => e.level === WARN), 'a warning');
      const seen = failures(logs.entries());
      const firstWarn = seen.findIndex((e) => e.level === WARN);
      expect(firstWarn).toBeGreaterThan(0);
      expect(seen.slice(0, firstWarn).every((e) => e.level === INFO)).toBe(true);
      expect(seen[firstWarn]!.failingForMs).toBeGreaterThanOrEqual(400);
      expect(seen.slice(0, firstWarn).every((e) => (e.failingForMs as number) < 400)).toBe(true);
      expect(seen[0]).toMatchObject({ peer: FJ, err: expect.stringContaining('unreachable') });
    } finally {
      await zj.destroy();
    }
  });

  it('a peer that answers with a refusal is a warning at once', async () => {
    const logs = captureLogs(ZJ);
    // "fj" is zj itself here: zj refuses a node token from a node that is not its peer.
    const port = await freePort();
    const self = `http://127.0.0.1:${port}`;
    const zj = await startTestNode({
      serverUrl: inject('testServerUrl'),
      side: 'zj',
      port,
      urls: { zj: self, fj: self },
      delivery: { ...delivery, warnUnreachableAfterMs: 60_000 },
      log: logs.log,
    });
    try {
      await eventually(async () => failures(logs.entries()).length > 0, 'a failed delivery');
      expect(failures(logs.entries())[0]).toMatchObject({ level: WARN, peer: FJ });
    } finally {
      await zj.destroy();
    }
  });
});

describe('a partner node that misbehaves or fails does not stall our own link', () => {
  /** A delivery worker of `zj` whose only partner is the test's stand-in, on short intervals. */
  const workerTo = (zj: TestNode, partner: object, pullIntervalMs: number) =>
    new DeliveryWorker(zj.services.sync.deps, [partner as PeerClient], {
      connectionString: zj.connectionString,
      log: captureLogs(ZJ).log,
      baseBackoffMs: 10,
      maxBackoffMs: 20,
      idlePollMs: 20,
      pullIntervalMs,
    });

  it('a pull answered again and again with entries we hold ends after one batch', async () => {
    const pair = await startTestPair(inject('testServerUrl'));
    try {
      for (let i = 0; i < 3; i++)
        await writeNote(pair.fj.services, { kind: 'create', data: { title: 'to zj', parties: [ZJ] } });
      const zj = pair.zj.services;
      await eventually(async () => (await linkHead(zj, FJ, ZJ)).seq === 3, 'three entries at zj');
      const held = await zj.db
        .selectFrom('link_entry')
        .select('jws')
        .where('from_node', '=', FJ)
        .orderBy('seq')
        .execute();
      let pulls = 0;
      const stuck = {
        nodeId: FJ,
        pull: async () => {
          if (++pulls > 5) throw new Error('asked again and again');
          return { entries: held.map((e) => e.jws) };
        },
      };
      // A full batch (batch size 3) that applies nothing: before, it was asked for again forever.
      expect(await pullInbound(zj.sync.deps, stuck as unknown as PeerClient, 3, 0)).toBe(0);
      expect(pulls).toBe(1);
    } finally {
      await pair.destroy();
    }
  });

  it('a failing pull of their link does not stop delivery of ours', async () => {
    const zj = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj', delivery: false });
    let pushes = 0;
    const partner = {
      nodeId: FJ,
      pull: async () => {
        throw new PeerCallError('CHAIN_BROKEN', 'their link is refused here');
      },
      heads: async () => ({ inbound: { seq: 0, hash: LINK_GENESIS } }),
      push: async (entries: string[]) => {
        pushes++;
        return { head: await linkHead(zj.services, ZJ, FJ), applied: entries.length, duplicates: 0 };
      },
    };
    const worker = workerTo(zj, partner, 10);
    try {
      await worker.start();
      await writeNote(zj.services, { kind: 'create', data: { title: 'to fj', parties: [FJ] } });
      await eventually(async () => pushes > 0, 'our entry pushed while their pulls fail');
      const [status] = await zj.services.sync.status();
      expect(status!.inbound.lastPullError).toContain('their link is refused here');
      expect(status!.lastError).toBeNull();
    } finally {
      await worker.stop();
      await zj.destroy();
    }
  });

  it('an entry the partner fetched between our head read and its answer is no divergence', async () => {
    const zj = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj', delivery: false });
    let answered = 0;
    const partner = {
      nodeId: FJ,
      pull: async () => ({ entries: [] }),
      // While our send is in flight, a local entry commits and the partner fetches it by sync.pull.
      heads: async () => {
        if (answered++ === 0)
          await writeNote(zj.services, { kind: 'create', data: { title: 'to fj', parties: [FJ] } });
        return { inbound: await linkHead(zj.services, ZJ, FJ) };
      },
      push: async () => ({ head: await linkHead(zj.services, ZJ, FJ), applied: 0, duplicates: 0 }),
    };
    await writeNote(zj.services, { kind: 'create', data: { title: 'to fj', parties: [FJ] } });
    const worker = workerTo(zj, partner, 3_600_000);
    try {
      await worker.start();
      await eventually(
        async () =>
          (await zj.services.db.selectFrom('peer_delivery').select('acked_seq').executeTakeFirst())
            ?.acked_seq === 2,
        'the partner acknowledged as holding both entries',
      );
      expect(await rowCount(zj.services.db.selectFrom('sync_incident'))).toBe(0);
    } finally {
      await worker.stop();
      await zj.destroy();
    }
  });
});
