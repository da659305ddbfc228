import {
  behindTheBack,
  eventually,
  insertSyntheticProjections,
  linkHead,
  startTestPair,
  type TestNode,
  type TestPair,
  writeNote,
} from '@tiemeng/api/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { actAs } from './support/officers.ts';

const ZJ = 'zj-taishun';
const FJ = 'fj-shouning';
const SYNTHETIC = 100_000;

/**
 * 100,000 identical shared projection rows on a node, straight in SQL (no events: the set to compare,
 * not records to fold). Ids and state hashes derive from the row number, so both nodes get the same rows.
 */
const insertSynthetic = (node: TestNode) =>
  insertSyntheticProjections(node.services, {
    count: SYNTHETIC,
    prefix: 'synthetic',
    recordType: 'test.synthetic',
    owner: ZJ,
    parties: [ZJ, FJ],
  });

const syntheticId = (node: TestNode, i: number) =>
  sql<{ id: string }>`select md5(${`synthetic-${i}`})::uuid::text as id`
    .execute(node.services.db)
    .then((r) => r.rows[0]!.id);

describe('10 differences among 100,000 shared records', () => {
  let pair: TestPair;
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'));
  });
  afterAll(() => pair.destroy());

  it('are found in a few round trips and kilobytes, repaired where events allow, named otherwise', async () => {
    const zj = pair.zj.services;
    const fj = pair.fj.services;
    const notes: string[] = [];
    for (let i = 0; i < 6; i++) {
      notes.push(
        (await writeNote(zj, { kind: 'create', data: { title: `real ${i}`, parties: [FJ] } })).recordId,
      );
    }
    await eventually(async () => (await linkHead(fj, ZJ, FJ)).seq === 6, 'the real notes reach fj');
    await Promise.all([insertSynthetic(pair.zj), insertSynthetic(pair.fj)]);

    // Four real projections corrupted on zj, two on fj (refolding mends them) …
    const forge = sql`'{"title":"forged","texts":[]}'::jsonb`;
    // … three synthetic rows altered on zj and one missing on fj (no events anywhere: incidents).
    const altered = await Promise.all([17, 4_242, 99_001].map((i) => syntheticId(pair.zj, i)));
    const missing = await syntheticId(pair.fj, 55_555);
    await behindTheBack(pair.zj, [
      sql`update record_projection set state = ${forge}, state_hash = repeat('1', 64)
            where record_id = any(${notes.slice(0, 4)}::uuid[])`,
      sql`update record_projection set state_hash = repeat('3', 64) where record_id = any(${altered}::uuid[])`,
    ]);
    await behindTheBack(pair.fj, [
      sql`update record_projection set state = ${forge}, state_hash = repeat('2', 64)
            where record_id = any(${notes.slice(4)}::uuid[])`,
      sql`delete from record_projection where record_id = ${missing}`,
    ]);

    const report = await (await actAs(pair.zj, 'zj.admin')).reconcile.run({ peer: FJ });

    expect(report.recordsCompared).toBe(SYNTHETIC + 6);
    expect(report.differences.map((d) => d.recordId).sort()).toEqual([...notes, ...altered, missing].sort());
    const resolution = Object.fromEntries(report.differences.map((d) => [d.recordId, d.resolution]));
    for (const id of notes.slice(0, 4)) expect(resolution[id]).toBe('repaired_here');
    for (const id of notes.slice(4)) expect(resolution[id]).toBe('repaired_at_peer');
    for (const id of [...altered, missing]) expect(resolution[id]).toBe('incident');
    expect(report).toMatchObject({ outcome: 'unresolved', differencesFound: 10, repaired: 6, incidents: 4 });

    // The set comparison itself: bounded round trips and bytes, not a scan over the wire.
    const state = report.phases.state!;
    console.log(
      `100k/10: state ${state.roundTrips} round trips, ${state.bytesSent + state.bytesReceived} bytes, ` +
        `${state.buckets} buckets; whole run ${report.roundTrips} round trips, ${report.bytesExchanged} bytes, ` +
        `${report.durationMs} ms`,
    );
    expect(state.roundTrips).toBeLessThanOrEqual(4);
    expect(state.bytesSent + state.bytesReceived).toBeLessThanOrEqual(32 * 1024);
    expect(state.truncated).toBe(false);
    expect(report.roundTrips).toBeLessThanOrEqual(10);
    expect(report.bytesExchanged).toBeLessThanOrEqual(64 * 1024);

    // Every unresolved record is named in an incident.
    const incidents = await zj.db
      .selectFrom('sync_incident')
      .select(sql<string>`evidence->>'recordId'`.as('recordId'))
      .where('kind', '=', 'STATE_MISMATCH')
      .execute();
    expect(incidents.map((i) => i.recordId).sort()).toEqual([...altered, missing].sort());

    // The real records agree again on both nodes.
    const real = (db: typeof zj.db) =>
      db
        .selectFrom('record_projection')
        .select(['record_id', 'state_hash'])
        .where('record_id', 'in', notes)
        .orderBy('record_id')
        .execute();
    expect(await real(zj.db)).toEqual(await real(fj.db));
  });
});
