import { describe, expect, inject, it } from 'vitest';
import { PeerCallError, type PeerClient } from '../peer/peer-client.ts';
import {
  captureLogs,
  eventually,
  LINK_GENESIS,
  startTestNode,
  type TestNode,
  writeNote,
} from '../testing/index.ts';
import { MAX_BATCH } from './apply-entries.ts';
import { DeliveryWorker } from './delivery-worker.ts';
import { entryHash } from './verify-entry.ts';

const ZJ = 'zj-taishun';
const FJ = 'fj-shouning';
const BEHIND = 2 * MAX_BATCH + 100;

/** A partner that applies every push in order (after `delayMs`) and notes what it was sent. */
function recordingPartner(refuse: (call: number) => PeerCallError | undefined = () => undefined) {
  const pushes: { first: number; last: number }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let head = { seq: 0, hash: LINK_GENESIS };
  let calls = 0;
  const seqOf = (jws: string) =>
    (JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()) as { seq: number }).seq;
  const partner = {
    nodeId: FJ,
    pull: async () => ({ entries: [] }),
    heads: async () => ({ inbound: head }),
    push: async (entries: string[]) => {
      const call = ++calls;
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        await new Promise((r) => setTimeout(r, 30));
        const refusal = refuse(call);
        if (refusal) throw refusal;
        const first = seqOf(entries[0]!);
        if (first > head.seq + 1) throw new PeerCallError('SEQ_GAP', `expected ${head.seq + 1}`);
        pushes.push({ first, last: seqOf(entries.at(-1)!) });
        const last = entries.at(-1)!;
        head = { seq: Math.max(head.seq, seqOf(last)), hash: entryHash(last) };
        return { head, applied: entries.length, duplicates: 0 };
      } finally {
        inFlight--;
      }
    },
  };
  return { partner, pushes, maxInFlight: () => maxInFlight };
}

async function behindBy(zj: TestNode, n: number) {
  for (let i = 0; i < n; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, n - i) }, () =>
        writeNote(zj.services, { kind: 'create', data: { title: 'to fj', parties: [FJ] } }),
      ),
    );
  }
}

const workerTo = (zj: TestNode, partner: object, log = captureLogs(ZJ).log) =>
  new DeliveryWorker(zj.services.sync.deps, [partner as PeerClient], {
    connectionString: zj.connectionString,
    log,
    baseBackoffMs: 10,
    maxBackoffMs: 20,
    idlePollMs: 20,
    pullIntervalMs: 3_600_000,
  });

const acked = async (zj: TestNode) =>
  (await zj.services.db.selectFrom('peer_delivery').selectAll().where('peer', '=', FJ).executeTakeFirst())!;

describe('a link far behind', () => {
  it('goes in full batches, the next sent while the partner applies the one before', async () => {
    const zj = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj', delivery: false });
    const { partner, pushes, maxInFlight } = recordingPartner();
    const worker = workerTo(zj, partner);
    try {
      await behindBy(zj, BEHIND);
      await worker.start();
      await eventually(async () => (await acked(zj)).acked_seq === BEHIND, 'every entry acknowledged');
      expect(pushes.slice(0, 2)).toEqual([
        { first: 1, last: MAX_BATCH },
        { first: MAX_BATCH + 1, last: 2 * MAX_BATCH },
      ]);
      expect(maxInFlight()).toBe(2);
      expect((await acked(zj)).failures).toBe(0);
    } finally {
      await worker.stop();
      await zj.destroy();
    }
  });

  it('a batch that fails after the one before was applied is sent again at once; nothing is lost', async () => {
    const zj = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj', delivery: false });
    // The second push fails once (its connection lost) while the first is applied.
    const { partner, pushes } = recordingPartner((call) =>
      call === 2 ? new PeerCallError('UNREACHABLE', 'connection reset') : undefined,
    );
    const logs = captureLogs(ZJ);
    const worker = workerTo(zj, partner, logs.log);
    try {
      await behindBy(zj, BEHIND);
      await worker.start();
      await eventually(async () => (await acked(zj)).acked_seq === BEHIND, 'every entry acknowledged');
      // Not reported as a failed delivery: the batches before it were applied.
      expect(logs.entries().filter((e) => e.msg === 'delivery failed')).toEqual([]);
      // Applied in order, each entry once.
      expect(pushes.map((p) => p.first)).toEqual([1, ...pushes.slice(0, -1).map((p) => p.last + 1)]);
      expect(pushes.at(-1)!.last).toBe(BEHIND);
      const status = await acked(zj);
      expect(status.failures).toBe(0);
      expect(status.last_error).toBeNull();
    } finally {
      await worker.stop();
      await zj.destroy();
    }
  });
});
