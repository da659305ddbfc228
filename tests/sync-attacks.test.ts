import { randomUUID } from 'node:crypto';
import { callerFor, LINK_GENESIS, linkHead, rowCount, type TestNode, writeNote } from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ForgedPeer, push, startNodeTrusting } from './support/forged-peer.ts';
import { actAs } from './support/officers.ts';
import { lastAudit } from './support/records.ts';

/**
 * zj-taishun is a real node; fj-shouning is played by the test, which holds its key and can lie.
 * Every attack must be refused with a typed error, audited, leave an incident where it applies,
 * and store nothing.
 */
describe('a node refuses forged, replayed and out-of-order pushes', () => {
  let zj: TestNode;
  let fj: ForgedPeer;
  const ZJ = 'zj-taishun';

  beforeAll(async () => {
    fj = await ForgedPeer.create('fj-shouning');
    zj = await startNodeTrusting(inject('testServerUrl'), fj);
    // An honest first entry, so there is a stored seq to diverge from.
    const [first] = await fj.chain(ZJ, 1);
    const body = JSON.stringify({ entries: [first!.jws] });
    const res = await push(zj.url, await fj.token(ZJ, body), body);
    expect(res.status).toBe(200);
    expect(res.json.result.data.head.seq).toBe(1);
  });
  afterAll(() => zj.destroy());

  const entriesStored = () =>
    rowCount(zj.services.db.selectFrom('link_entry').where('from_node', '=', 'fj-shouning'));
  const auditColumns = ['procedure', 'outcome', 'error_code', 'actor_type'] as const;
  const incidentsOf = async (kind: string) =>
    zj.services.db.selectFrom('sync_incident').selectAll().where('kind', '=', kind).execute();

  async function expectRefused(
    res: { status: number; json: { error?: { data: { appCode: string } } } },
    appCode: string,
  ) {
    expect(res.json.error?.data.appCode).toBe(appCode);
    expect(await entriesStored()).toBe(1);
    expect((await linkHead(zj.services, 'fj-shouning', ZJ)).seq).toBe(1);
    expect(await lastAudit(zj, auditColumns)).toMatchObject({ procedure: 'sync.push', error_code: appCode });
  }

  const head = async () => (await linkHead(zj.services, 'fj-shouning', ZJ)).hash;

  it('forged signature (another key claiming the peer kid) → BAD_SIGNATURE and an incident', async () => {
    const forged = await fj.entry(ZJ, 2, await head(), { key: await ForgedPeer.otherKey() });
    const body = JSON.stringify({ entries: [forged.jws] });
    await expectRefused(await push(zj.url, await fj.token(ZJ, body), body), 'BAD_SIGNATURE');
    expect((await incidentsOf('BAD_SIGNATURE')).length).toBeGreaterThan(0);
  });

  it('unknown kid → UNKNOWN_KEY', async () => {
    const e = await fj.entry(ZJ, 2, await head(), { kid: 'fj-shouning.never-published' });
    const body = JSON.stringify({ entries: [e.jws] });
    await expectRefused(await push(zj.url, await fj.token(ZJ, body), body), 'UNKNOWN_KEY');
  });

  it('payload tampered after signing → BAD_SIGNATURE', async () => {
    const e = await fj.entry(ZJ, 2, await head());
    const [h, , s] = e.jws.split('.');
    const altered = Buffer.from(JSON.stringify({ ...e.payload, data: { text: 'rewritten' } })).toString(
      'base64url',
    );
    const body = JSON.stringify({ entries: [`${h}.${altered}.${s}`] });
    await expectRefused(await push(zj.url, await fj.token(ZJ, body), body), 'BAD_SIGNATURE');
  });

  it('entry addressed to another node → WRONG_RECIPIENT and an incident', async () => {
    const e = await fj.entry('sc-chengdu', 2, await head());
    const body = JSON.stringify({ entries: [e.jws] });
    await expectRefused(await push(zj.url, await fj.token(ZJ, body), body), 'WRONG_RECIPIENT');
    expect((await incidentsOf('WRONG_RECIPIENT')).length).toBe(1);
  });

  it('entry whose from is not the token issuer → WRONG_SENDER', async () => {
    const e = await fj.entry(ZJ, 2, await head(), { payload: { from: 'ah-huangshan' } });
    const body = JSON.stringify({ entries: [e.jws] });
    await expectRefused(await push(zj.url, await fj.token(ZJ, body), body), 'WRONG_SENDER');
  });

  it('expired token → NODE_TOKEN_INVALID', async () => {
    const e = await fj.entry(ZJ, 2, await head());
    const body = JSON.stringify({ entries: [e.jws] });
    await expectRefused(
      await push(zj.url, await fj.token(ZJ, body, { expSeconds: -60 }), body),
      'NODE_TOKEN_INVALID',
    );
  });

  it('token claiming a lifetime beyond 60 s → NODE_TOKEN_INVALID', async () => {
    const e = await fj.entry(ZJ, 2, await head());
    const body = JSON.stringify({ entries: [e.jws] });
    await expectRefused(
      await push(zj.url, await fj.token(ZJ, body, { expSeconds: 3600 }), body),
      'NODE_TOKEN_INVALID',
    );
  });

  it('replayed token (same jti) → TOKEN_REPLAYED', async () => {
    const body = JSON.stringify({ entries: [] });
    const token = await fj.token(ZJ, body);
    expect((await push(zj.url, token, body)).status).toBe(200);
    await expectRefused(await push(zj.url, token, body), 'TOKEN_REPLAYED');
    expect(await lastAudit(zj, auditColumns)).toMatchObject({ outcome: 'refused', actor_type: 'node' });
  });

  it('body swapped under a valid token → BODY_MISMATCH', async () => {
    const e = await fj.entry(ZJ, 2, await head());
    const token = await fj.token(ZJ, JSON.stringify({ entries: [] }));
    await expectRefused(await push(zj.url, token, JSON.stringify({ entries: [e.jws] })), 'BODY_MISMATCH');
    // The token's signature held: the refusal is the peer's, and its audit row says so.
    expect(await lastAudit(zj, auditColumns)).toMatchObject({ outcome: 'refused', actor_type: 'node' });
  });

  it('a token made for another procedure → NODE_TOKEN_INVALID, even with the same body', async () => {
    const body = JSON.stringify({ entries: [] });
    const res = await push(zj.url, await fj.token(ZJ, body, { proc: 'sync.pull' }), body);
    await expectRefused(res, 'NODE_TOKEN_INVALID');
    expect(await lastAudit(zj, auditColumns)).toMatchObject({ outcome: 'refused', actor_type: 'node' });
  });

  it('a token from a node that is not a peer → UNKNOWN_PEER', async () => {
    const body = JSON.stringify({ entries: [] });
    await expectRefused(
      await push(zj.url, await fj.token(ZJ, body, { iss: 'xx-nowhere' }), body),
      'UNKNOWN_PEER',
    );
  });

  it("an officer's token → NODE_TOKEN_INVALID saying only peer nodes call sync", async () => {
    const { token } = await callerFor(zj.services).auth.login({
      username: 'zj.admin',
      password: 'tiemeng-demo',
    });
    const body = JSON.stringify({ entries: [] });
    const res = await push(zj.url, token, body);
    await expectRefused(res, 'NODE_TOKEN_INVALID');
    expect(res.json.error.message).toMatch(/Only peer nodes/);
  });

  it('gap → SEQ_GAP naming the expected seq', async () => {
    const e = await fj.entry(ZJ, 3, LINK_GENESIS);
    const body = JSON.stringify({ entries: [e.jws] });
    const res = await push(zj.url, await fj.token(ZJ, body), body);
    await expectRefused(res, 'SEQ_GAP');
    expect(res.json.error.data.details).toEqual({ expectedSeq: 2 });
  });

  it('reordered batch → INVALID_INPUT', async () => {
    const e2 = await fj.entry(ZJ, 2, await head());
    const e3 = await fj.entry(ZJ, 3, e2.hash);
    const body = JSON.stringify({ entries: [e3.jws, e2.jws] });
    await expectRefused(await push(zj.url, await fj.token(ZJ, body), body), 'INVALID_INPUT');
  });

  it('a different entry at a stored seq → DIVERGENCE with both signed versions as evidence', async () => {
    const other = await fj.entry(ZJ, 1, LINK_GENESIS);
    const body = JSON.stringify({ entries: [other.jws] });
    await expectRefused(await push(zj.url, await fj.token(ZJ, body), body), 'DIVERGENCE');
    const [incident] = await incidentsOf('DIVERGENCE');
    expect(incident).toMatchObject({ peer: 'fj-shouning', seq: 1 });
    expect(incident!.evidence).toMatchObject({ received: other.jws });
    expect((incident!.evidence as { stored: string }).stored).not.toBe(other.jws);
  });

  it('oversized batch → BATCH_TOO_LARGE', async () => {
    const e = await fj.entry(ZJ, 2, await head());
    const body = JSON.stringify({ entries: Array.from({ length: 501 }, () => e.jws) });
    await expectRefused(await push(zj.url, await fj.token(ZJ, body), body), 'BATCH_TOO_LARGE');
  });

  it('an entry stamped far in the future → INVALID_INPUT, and our clock does not follow it', async () => {
    const future = await fj.entry(ZJ, 2, await head(), { payload: { hlc: '007258118400000.000000' } }); // 2200
    const body = JSON.stringify({ entries: [future.jws] });
    await expectRefused(await push(zj.url, await fj.token(ZJ, body), body), 'INVALID_INPUT');
    const next = await writeNote(zj.services, { kind: 'create', data: { title: 'after', parties: [] } });
    expect(Number(next.hlc.slice(0, 15))).toBeLessThanOrEqual(Date.now());
  });

  it('a refused batch does not move our clock, even by a stamp within the tolerance', async () => {
    const stamp = `${String(Date.now() + 30_000).padStart(15, '0')}.000000`;
    const soon = await fj.entry(ZJ, 2, await head(), { payload: { hlc: stamp } });
    const offChain = await fj.entry(ZJ, 3, LINK_GENESIS);
    const body = JSON.stringify({ entries: [soon.jws, offChain.jws] });
    await expectRefused(await push(zj.url, await fj.token(ZJ, body), body), 'CHAIN_BROKEN');
    const next = await writeNote(zj.services, { kind: 'create', data: { title: 'after', parties: [] } });
    expect(next.hlc < stamp).toBe(true);
  });

  it('an entry reusing a stored event id → RECORD_CONFLICT and an incident; the stored event stays', async () => {
    const ours = await writeNote(zj.services, {
      kind: 'create',
      data: { title: 'ours', parties: ['fj-shouning'] },
    });
    const e = await fj.entry(ZJ, 2, await head(), { payload: { id: ours.eventId } });
    const body = JSON.stringify({ entries: [e.jws] });
    await expectRefused(await push(zj.url, await fj.token(ZJ, body), body), 'RECORD_CONFLICT');
    const [incident] = await incidentsOf('RECORD_CONFLICT');
    expect(incident).toMatchObject({ peer: 'fj-shouning', seq: 2 });
    expect(incident!.evidence).toMatchObject({ received: e.jws });
    const stored = await zj.services.db
      .selectFrom('event')
      .select(['author', 'record_id'])
      .where('id', '=', ours.eventId)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ author: ZJ, record_id: ours.recordId });
  });

  it('ids spelt in upper case (to slip past the stored ones) → INVALID_INPUT', async () => {
    const ours = await writeNote(zj.services, {
      kind: 'create',
      data: { title: 'ours', parties: ['fj-shouning'] },
    });
    for (const payload of [
      { id: ours.eventId.toUpperCase() },
      { record: { type: 'zz.unknown', id: ours.recordId.toUpperCase() } },
    ]) {
      const e = await fj.entry(ZJ, 2, await head(), { payload });
      const body = JSON.stringify({ entries: [e.jws] });
      await expectRefused(await push(zj.url, await fj.token(ZJ, body), body), 'INVALID_INPUT');
    }
  });

  it('an entry giving one of our records another type → RECORD_CONFLICT; the record still takes edits', async () => {
    const ours = await writeNote(zj.services, {
      kind: 'create',
      data: { title: 'ours', parties: ['fj-shouning'] },
    });
    const e = await fj.entry(ZJ, 2, await head(), {
      payload: { hlc: '000000000000001.000000', record: { type: 'zz.unknown', id: ours.recordId } },
    });
    const body = JSON.stringify({ entries: [e.jws] });
    await expectRefused(await push(zj.url, await fj.token(ZJ, body), body), 'RECORD_CONFLICT');
    await writeNote(zj.services, { recordId: ours.recordId, kind: 'edit', data: { text: 'still ours' } });
  });

  it('an exact duplicate is skipped, and the next honest entry is accepted', async () => {
    const stored = await zj.services.db
      .selectFrom('link_entry')
      .select('jws')
      .where('seq', '=', 1)
      .executeTakeFirstOrThrow();
    const e2 = await fj.entry(ZJ, 2, await head());
    const body = JSON.stringify({ entries: [stored.jws, e2.jws] });
    const res = await push(zj.url, await fj.token(ZJ, body), body);
    expect(res.json.result.data).toMatchObject({
      applied: 1,
      duplicates: 1,
      head: { seq: 2, hash: e2.hash },
    });
  });

  it("a partner's notice whose issue breaks the rules is kept as rejected, and neither listed nor shown", async () => {
    const noticeId = randomUUID();
    const { seq } = await linkHead(zj.services, 'fj-shouning', ZJ);
    const e = await fj.entry(ZJ, seq + 1, await head(), {
      payload: {
        record: { type: 'notice', id: noticeId },
        kind: 'issue',
        data: { kind: 'fugitive', subject: { name: 7, idNumber: 42 }, recipientStations: ['zj-luoyang'] },
      },
    });
    const body = JSON.stringify({ entries: [e.jws] });
    expect((await push(zj.url, await fj.token(ZJ, body), body)).json.result.data).toMatchObject({
      applied: 1,
    });
    const duty = await actAs(zj, 'zj.duty');
    const listed = await duty.notice.list({});
    expect(listed.items.map((n) => n.id)).not.toContain(noticeId);
    await expect(duty.notice.get({ id: noticeId })).rejects.toMatchObject({ appCode: 'NOT_FOUND' });
  });
});
