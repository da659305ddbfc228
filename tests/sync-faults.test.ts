import {
  eventually,
  linkEntries,
  linkHead,
  projections,
  rowCount,
  type SharedDatabaseNodes,
  startSharedDatabaseNodes,
  startTestPair,
  type TestNode,
  type TestPair,
  untilSameProjections,
  writeNote,
} from '@tiemeng/api/testing';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { actAs } from './support/officers.ts';

const ZJ = 'zj-taishun';
const FJ = 'fj-shouning';

async function chainsEqual(pair: { zj: TestNode; fj: TestNode }) {
  expect(await linkEntries(pair.fj.services, ZJ)).toEqual(await linkEntries(pair.zj.services, ZJ));
  expect(await linkEntries(pair.zj.services, FJ)).toEqual(await linkEntries(pair.fj.services, FJ));
}

describe('sync survives partitions and key rotation', () => {
  let pair: TestPair;
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'));
  });
  afterAll(() => pair.destroy());
  afterEach(() => pair.heal());

  it('both sides keep writing through a partition; after healing nothing is lost or duplicated', async () => {
    const zj = pair.zj.services;
    const fj = pair.fj.services;
    const shared = await writeNote(zj, { kind: 'create', data: { title: 'before the cut', parties: [FJ] } });
    await eventually(async () => (await projections(fj)).length === 1, 'shared note reaches fj');

    pair.partition();
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 10; i++) {
      writes.push(writeNote(zj, { recordId: shared.recordId, kind: 'edit', data: { text: `zj ${i}` } }));
      writes.push(writeNote(fj, { recordId: shared.recordId, kind: 'edit', data: { text: `fj ${i}` } }));
      writes.push(writeNote(fj, { kind: 'create', data: { title: `fj note ${i}`, parties: [ZJ] } }));
    }
    await Promise.all(writes);
    const admin = await actAs(pair.zj, 'zj.admin');
    await eventually(async () => {
      const [s] = await admin.sync.status();
      return s!.outbound.lag > 0 && s!.failures > 0 && s!.lastError !== null;
    }, 'status shows the link failing');

    pair.heal();
    await eventually(
      async () => (await linkHead(fj, ZJ, FJ)).seq === 11 && (await linkHead(zj, FJ, ZJ)).seq === 20,
      'both links caught up after healing',
    );
    await untilSameProjections(zj, fj);
    await chainsEqual(pair);
    const note = await zj.db
      .selectFrom('record_projection')
      .select('state')
      .where('record_id', '=', shared.recordId)
      .executeTakeFirstOrThrow();
    expect((note.state as { texts: string[] }).texts).toHaveLength(20);
    // The sender learns the peer's head from the push answer, a moment after the peer has committed.
    await eventually(async () => (await admin.sync.status())[0]!.outbound.lag === 0, 'status shows no lag');
    expect((await admin.sync.status())[0]).toMatchObject({ peer: FJ, lastError: null });
  });

  it('rotating the signing key mid-stream: new entries verify with the new kid, old ones still do', async () => {
    const zj = pair.zj.services;
    const fj = pair.fj.services;
    const before = (await linkHead(fj, ZJ, FJ)).seq;
    await writeNote(zj, { kind: 'create', data: { title: 'old key', parties: [FJ] } });
    const oldKid = zj.keys.signingKey.kid;
    const newKid = await zj.keys.rotate();
    expect(newKid).not.toBe(oldKid);
    await writeNote(zj, { kind: 'create', data: { title: 'new key', parties: [FJ] } });
    await eventually(
      async () => (await linkHead(fj, ZJ, FJ)).seq === before + 2,
      'entries under both keys delivered',
    );
    const kids = (await linkEntries(fj, ZJ, { columns: ['jws'] })).map(
      (e) => JSON.parse(Buffer.from(e.jws.split('.')[0]!, 'base64url').toString()).kid,
    );
    expect(kids.at(-2)).toBe(oldKid);
    expect(kids.at(-1)).toBe(newKid);
    const jwks = await (await fetch(`${pair.zj.url}/.well-known/jwks.json`)).json();
    expect((jwks as { keys: { kid: string }[] }).keys.map((k) => k.kid)).toEqual([oldKid, newKid]);
  });
});

describe('two API processes on one node database', () => {
  let nodes: SharedDatabaseNodes;
  let zjA: TestNode;
  let zjB: TestNode;
  let fj: TestNode;
  beforeAll(async () => {
    nodes = await startSharedDatabaseNodes(inject('testServerUrl'));
    ({ zjA, zjB, fj } = nodes);
  });
  afterAll(() => nodes.destroy());

  it('write and send concurrently without forking the chain or sending an entry twice', async () => {
    const writes = Array.from({ length: 40 }, (_, i) =>
      writeNote(i % 2 ? zjA.services : zjB.services, {
        kind: 'create',
        data: { title: `n${i}`, parties: [FJ] },
      }),
    );
    await Promise.all(writes);
    await eventually(async () => (await linkHead(fj.services, ZJ, FJ)).seq === 40, 'all 40 delivered');
    const seqs = (await linkEntries(zjA.services, ZJ, { columns: ['seq'] })).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    await chainsEqual({ zj: zjA, fj });
    expect(await rowCount(fj.services.db.selectFrom('sync_incident'))).toBe(0);
    expect((await projections(fj.services)).length).toBe(40);
  });
});
