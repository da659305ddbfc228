import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signOwnHead } from '../audit/anchor/anchor-witness.ts';
import { PeerClient } from '../peer/peer-client.ts';
import { actAs, captureLogs, startTestPair, type TestPair } from '../testing/index.ts';
import { readLinkEntries } from './sql/insert-link-entry.ts';
import { readLinkHead } from './sql/lock-link-head.ts';

const ZJ = 'zj-taishun';
const FJ = 'fj-shouning';

describe('the audit head a push carries', () => {
  let pair: TestPair;
  let fjToZj: PeerClient;
  const zjLogs = captureLogs(ZJ);
  beforeAll(async () => {
    // No delivery worker: this test sends fj's pushes itself.
    pair = await startTestPair(inject('testServerUrl'), { delivery: false, logs: { zj: zjLogs.log } });
    const zjPeer = pair.fj.services.config.peers.find((p) => p.nodeId === ZJ)!;
    fjToZj = new PeerClient(pair.fj.services.signer, zjPeer);
  });
  afterAll(() => pair?.destroy());

  const heldAtZj = () =>
    pair.zj.services.db
      .selectFrom('audit_head_anchor')
      .select(['row_id', 'row_hash'])
      .where('node', '=', FJ)
      .executeTakeFirst();

  it('is kept by the partner as our newest witnessed head, with the entries', async () => {
    await (await actAs(pair.fj, 'fj.officer')).assistance.file({
      requestingStation: 'fj-xixi',
      addressedStation: 'zj-luoyang',
      category: 'vehicle_check',
      priority: 'normal',
      title: '核查车辆',
      details: '闽J·7K2X9',
    });
    const entries = await readLinkEntries(pair.fj.services.db, FJ, ZJ, 0, 10);
    const head = (await signOwnHead(pair.fj.services.sync.deps, ZJ))!;
    await fjToZj.push(
      entries.map((e) => e.jws),
      head.jws,
    );
    expect(await heldAtZj()).toEqual({ row_id: head.claims.rowId, row_hash: head.claims.hash });
    expect((await readLinkHead(pair.zj.services.db, FJ, ZJ)).seq).toBe(entries.length);
  });

  it('that does not verify is dropped and logged, never the entries it came with', async () => {
    const held = await heldAtZj();
    await (await actAs(pair.fj, 'fj.officer')).assistance.file({
      requestingStation: 'fj-xixi',
      addressedStation: 'zj-luoyang',
      category: 'vehicle_check',
      priority: 'normal',
      title: '再核查车辆',
      details: '闽J·7K2X9',
    });
    const inbound = (await readLinkHead(pair.zj.services.db, FJ, ZJ)).seq;
    const entries = await readLinkEntries(pair.fj.services.db, FJ, ZJ, inbound, 10);
    expect(entries.length).toBeGreaterThan(0);
    // A head signed for another witness: a valid signature, the wrong audience.
    const forFj = (await signOwnHead(pair.zj.services.sync.deps, FJ))!;
    const answer = await fjToZj.push(
      entries.map((e) => e.jws),
      forFj.jws,
    );
    expect(answer.head.seq).toBe(inbound + entries.length);
    expect(await heldAtZj()).toEqual(held);
    expect(zjLogs.entries().filter((e) => e.msg === 'audit head carried by a push not kept')).toHaveLength(1);
  });
});
