import { linkHead, rowCount, type TestNode } from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ForgedPeer, push, startNodeTrusting } from './support/forged-peer.ts';

/**
 * A full batch is verified all at once (its shared header decoded and its key looked up once), then
 * stored in a few statements: wherever in it a bad entry falls, the batch is refused whole with its
 * incident; a batch overlapping what is stored applies only what is new, once.
 */
describe('a full batch of a peer’s entries', () => {
  let zj: TestNode;
  let fj: ForgedPeer;
  const ZJ = 'zj-taishun';
  const FULL = 500;

  beforeAll(async () => {
    fj = await ForgedPeer.create('fj-shouning');
    zj = await startNodeTrusting(inject('testServerUrl'), fj);
  });
  afterAll(() => zj.destroy());

  const send = async (entries: readonly { jws: string }[]) => {
    const body = JSON.stringify({ entries: entries.map((e) => e.jws) });
    return push(zj.url, await fj.token(ZJ, body), body);
  };
  const stored = () => rowCount(zj.services.db.selectFrom('link_entry').where('from_node', '=', fj.nodeId));
  const eventsStored = () =>
    rowCount(zj.services.db.selectFrom('event').where('record_id', '=', fj.recordId));
  const incidentsOf = (kind: string) =>
    zj.services.db.selectFrom('sync_incident').selectAll().where('kind', '=', kind).execute();

  it('with a forged entry near its end is refused whole, with the entry as evidence', async () => {
    const chain = await fj.chain(ZJ, FULL);
    const at = FULL - 20;
    const forged = await fj.entry(ZJ, at + 1, chain[at - 1]!.hash, { key: await ForgedPeer.otherKey() });
    const res = await send([...chain.slice(0, at), forged, ...chain.slice(at + 1)]);
    expect(res.json.error?.data.appCode).toBe('BAD_SIGNATURE');
    const [incident] = await incidentsOf('BAD_SIGNATURE');
    expect(incident!.evidence).toEqual({ entry: forged.jws });
    expect(await stored()).toBe(0);
    expect(await eventsStored()).toBe(0);
    expect((await linkHead(zj.services, fj.nodeId, ZJ)).seq).toBe(0);
  });

  it('with an entry for another node past its middle is refused whole', async () => {
    const chain = await fj.chain(ZJ, FULL);
    const at = FULL / 2 + 10;
    const elsewhere = await fj.entry('sc-chengdu', at + 1, chain[at - 1]!.hash);
    const res = await send([...chain.slice(0, at), elsewhere, ...chain.slice(at + 1)]);
    expect(res.json.error?.data.appCode).toBe('WRONG_RECIPIENT');
    expect(await incidentsOf('WRONG_RECIPIENT')).toHaveLength(1);
    expect(await stored()).toBe(0);
  });

  it('sent again overlapping what is stored applies only what is new, once', async () => {
    const chain = await fj.chain(ZJ, FULL + FULL / 2);
    expect((await send(chain.slice(0, FULL))).json.result?.data).toMatchObject({
      applied: FULL,
      duplicates: 0,
    });
    // Half of it again, then as many new.
    const again = await send(chain.slice(FULL / 2));
    expect(again.json.result?.data).toMatchObject({
      head: { seq: FULL + FULL / 2, hash: chain.at(-1)!.hash },
      applied: FULL / 2,
      duplicates: FULL / 2,
    });
    expect(await stored()).toBe(FULL + FULL / 2);
    expect(await eventsStored()).toBe(FULL + FULL / 2);
    const projection = await zj.services.db
      .selectFrom('record_projection')
      .select(['timeline'])
      .where('record_id', '=', fj.recordId)
      .executeTakeFirstOrThrow();
    expect(projection.timeline).toHaveLength(FULL + FULL / 2);
  });
});
