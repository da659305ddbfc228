import {
  auditContentOf,
  auditRowHash,
  lockAuditChain,
  startTestPair,
  type TestNode,
  type TestPair,
} from '@tiemeng/api/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { actAs } from './support/officers.ts';

const ZJ = 'zj-taishun';
const FJ = 'fj-shouning';

/**
 * What a superuser covering their tracks would do: disable the audit triggers, alter one row, and
 * recompute every hash from it to the head, so the chain verifies on its own again.
 */
async function rewriteHistory(node: TestNode, rowId: number, actorId: string) {
  await node.services.db.transaction().execute(async (trx) => {
    await lockAuditChain(trx); // the appenders' lock
    await sql`alter table audit_log disable trigger all`.execute(trx);
    await sql`update audit_log set actor_id = ${actorId} where id = ${rowId}`.execute(trx);
    const rows = await trx
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>=', rowId)
      .orderBy('id')
      .execute();
    const before = await trx
      .selectFrom('audit_log')
      .select('hash')
      .where('id', '<', rowId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    let prev = before.hash;
    for (const row of rows) {
      const hash = auditRowHash(auditContentOf(row), prev);
      await sql`update audit_log set prev_hash = ${prev}, hash = ${hash} where id = ${row.id}`.execute(trx);
      prev = hash;
    }
    await sql`alter table audit_log enable trigger all`.execute(trx);
  });
}

describe('audit anchors held by the peer', () => {
  let pair: TestPair;
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'));
  });
  afterAll(() => pair.destroy());

  it('each run anchors both audit heads at the other node, checked by audit.verify', async () => {
    const report = await (await actAs(pair.zj, 'zj.admin')).reconcile.run({});
    const sent = report.anchors.sent!;
    const received = report.anchors.received!;
    // fj keeps zj's anchor, zj keeps fj's, each as the signed JWS.
    const atFj = await pair.fj.services.db
      .selectFrom('audit_anchor')
      .selectAll()
      .where('node', '=', ZJ)
      .execute();
    expect(atFj.map((a) => [a.row_id, a.row_hash])).toEqual([[sent.rowId, sent.hash]]);
    expect(atFj[0]!.jws.split('.')).toHaveLength(3);
    const atZj = await pair.zj.services.db
      .selectFrom('audit_anchor')
      .selectAll()
      .where('node', '=', FJ)
      .execute();
    expect(atZj.map((a) => [a.row_id, a.row_hash])).toEqual([[received.rowId, received.hash]]);

    for (const [node, auditor, peer] of [
      [pair.zj, 'zj.auditor', FJ],
      [pair.fj, 'fj.auditor', ZJ],
    ] as const) {
      const verification = await (await actAs(node, auditor)).audit.verify();
      expect(verification).toMatchObject({
        ok: true,
        anchors: { ok: true, peers: [{ peer, status: 'ok', checked: 1 }] },
      });
    }
  });

  it('an anchor the peer holds but we never signed is ignored, not taken as evidence', async () => {
    // fj "holds" an anchor of zj's chain that fj signed itself, claiming another hash for row 2
    // (or, when zj's own anchor is at row 2, the row after it).
    const held = await pair.fj.services.db
      .selectFrom('audit_anchor')
      .select('row_id')
      .where('node', '=', ZJ)
      .execute();
    const rowId = held.some((a) => a.row_id === 2) ? 3 : 2;
    const claims = {
      v: 1,
      node: ZJ,
      witness: FJ,
      rowId,
      hash: 'f'.repeat(64),
      at: new Date().toISOString(),
    };
    const jws = await pair.fj.services.signer.signCompact(
      new TextEncoder().encode(JSON.stringify(claims)),
      'tiemeng-anchor+jws',
    );
    await pair.fj.services.db
      .insertInto('audit_anchor')
      .values({ node: ZJ, row_id: rowId, row_hash: claims.hash, signed_at: claims.at, jws })
      .execute();
    try {
      const verification = await (await actAs(pair.zj, 'zj.auditor')).audit.verify();
      expect(verification).toMatchObject({
        ok: true,
        anchors: { ok: true, peers: [{ peer: FJ, status: 'ok', checked: 1, invalid: 1 }] },
      });
    } finally {
      await pair.fj.services.db
        .deleteFrom('audit_anchor')
        .where('row_id', '=', rowId)
        .where('node', '=', ZJ)
        .execute();
    }
  });

  it('a rewritten and recomputed audit history passes the local chain check but not the peer’s anchor', async () => {
    // A second anchor, later in the chain.
    await (await actAs(pair.zj, 'zj.command')).reconcile.run({});
    const anchored = (
      await pair.fj.services.db
        .selectFrom('audit_anchor')
        .select('row_id')
        .where('node', '=', ZJ)
        .orderBy('row_id')
        .execute()
    ).map((a) => a.row_id);
    expect(anchored).toHaveLength(2);
    const [first, second] = anchored as [number, number];
    // An officer's sign-in between the two anchors is "edited away".
    const victim = await pair.zj.services.db
      .selectFrom('audit_log')
      .select('id')
      .where('id', '>', first)
      .where('id', '<=', second)
      .where('procedure', '=', 'auth.login')
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    await rewriteHistory(pair.zj, victim.id, 'nobody');

    const verification = await (await actAs(pair.zj, 'zj.auditor')).audit.verify();
    expect(verification).toMatchObject({
      ok: false,
      brokenRowId: second,
      anchors: {
        ok: false,
        peers: [{ peer: FJ, status: 'mismatch', checked: 2, brokenRowId: second, lastGoodRowId: first }],
      },
    });
    // Named by the witness, not by the local check (which would name the victim row as altered): the
    // recomputed chain is whole on its own.
    expect(verification.ok === false && verification.reason).toMatch(
      new RegExp(`fj-shouning.*after row ${first} and up to row ${second}`),
    );
  });

  it('when the peer is unreachable, audit.verify says the anchors could not be checked', async () => {
    pair.partition();
    try {
      const verification = await (await actAs(pair.fj, 'fj.auditor')).audit.verify();
      expect(verification).toMatchObject({
        ok: true,
        anchors: { ok: true, peers: [{ peer: ZJ, status: 'unreachable' }] },
      });
      expect(verification.anchors.peers[0]!.reason).toMatch(/could not be checked/);
    } finally {
      pair.heal();
    }
  });
});
