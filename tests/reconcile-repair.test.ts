import {
  behindTheBack,
  eventually,
  linkHead,
  sameProjections,
  startTestPair,
  type TestNode,
  type TestPair,
  writeNote,
} from '@tiemeng/api/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cliFor, cliLogin, tempConfigDir } from './support/cli.ts';
import { actAs } from './support/officers.ts';

const ZJ = 'zj-taishun';
const FJ = 'fj-shouning';

/** Overwrites projections directly in SQL: a forged state and a hash that matches nothing. */
const corrupt = (node: TestNode, ids: string[]) =>
  behindTheBack(node, [
    sql`update record_projection
           set state = '{"title":"forged","texts":[]}'::jsonb, state_hash = repeat('0', 64)
         where record_id = any(${ids}::uuid[])`,
  ]);

describe('reconciliation finds and mends what changed behind the engine', () => {
  let pair: TestPair;
  /** The shared projections of a node (parties include both), for comparing the two. */
  const shared = (services: TestNode['services']) =>
    services.db
      .selectFrom('record_projection')
      .select(['record_id', 'status', 'state_hash'])
      .where('parties', '@>', sql<string[]>`array[${ZJ}, ${FJ}]::text[]`)
      .orderBy('record_id')
      .execute();
  const settled = async () => {
    await eventually(async () => {
      const [a, b] = [pair.zj.services, pair.fj.services];
      const same =
        (await linkHead(a, ZJ, FJ)).seq === (await linkHead(b, ZJ, FJ)).seq &&
        (await linkHead(a, FJ, ZJ)).seq === (await linkHead(b, FJ, ZJ)).seq;
      return same && (await sameProjections(a, b, shared));
    }, 'both nodes hold the same links and shared projections');
  };

  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'));
  });
  afterAll(() => pair.destroy());

  it('a pair in agreement: one exchange round trip, both audit heads anchored, the report stored', async () => {
    for (let i = 0; i < 4; i++) {
      await writeNote(pair.zj.services, { kind: 'create', data: { title: `zj ${i}`, parties: [FJ] } });
      await writeNote(pair.fj.services, { kind: 'create', data: { title: `fj ${i}`, parties: [ZJ] } });
    }
    // Not shared: never part of the comparison.
    await writeNote(pair.zj.services, { kind: 'create', data: { title: 'zj only', parties: [] } });
    await settled();

    const report = await (await actAs(pair.zj, 'zj.command')).reconcile.run({});
    expect(report).toMatchObject({
      peer: FJ,
      outcome: 'in_sync',
      recordsCompared: 8,
      differencesFound: 0,
      repaired: 0,
      incidents: 0,
      startedBy: { type: 'officer', username: 'zj.command' },
      error: null,
    });
    expect(report.phases.state!.roundTrips).toBe(1);
    expect(report.links.map((l) => l.status)).toEqual(['in_sync', 'in_sync']);
    expect(report.anchors.sent?.rowId).toBeGreaterThan(0);
    expect(report.anchors.received?.rowId).toBeGreaterThan(0);
    expect(report.bytesExchanged).toBe(report.bytesSent + report.bytesReceived);

    const auditor = await actAs(pair.zj, 'zj.auditor');
    const { items } = await auditor.reconcile.reports({ peer: FJ, limit: 5 });
    expect(items[0]).toMatchObject({ id: report.id, outcome: 'in_sync', recordsCompared: 8 });
    expect(await auditor.reconcile.report({ id: report.id })).toEqual(report);
    await expect(auditor.reconcile.run({})).rejects.toMatchObject({ appCode: 'FORBIDDEN_ROLE' });
    await expect(auditor.reconcile.report({ id: 999_999 })).rejects.toMatchObject({ appCode: 'NOT_FOUND' });
    await expect(
      (await actAs(pair.zj, 'zj.admin')).reconcile.run({ peer: 'gd-nowhere' }),
    ).rejects.toMatchObject({
      appCode: 'UNKNOWN_PEER',
    });
  });

  it('projection rows corrupted in SQL on either node: exactly those are found and refolded', async () => {
    const notes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { recordId } = await writeNote(pair.zj.services, {
        kind: 'create',
        data: { title: `note ${i}`, parties: [FJ] },
      });
      notes.push(recordId);
    }
    await settled();
    for (const recordId of notes) {
      await writeNote(pair.fj.services, { recordId, kind: 'edit', data: { text: `fj on ${recordId}` } });
    }
    await settled();
    const healthy = await shared(pair.zj.services);
    const onZj = [notes[1]!, notes[4]!];
    const onFj = [notes[2]!];
    await corrupt(pair.zj, onZj);
    await corrupt(pair.fj, onFj);

    const report = await (await actAs(pair.zj, 'zj.admin')).reconcile.run({ peer: FJ });
    expect(report.differences.map((d) => d.recordId).sort()).toEqual([...onZj, ...onFj].sort());
    expect(Object.fromEntries(report.differences.map((d) => [d.recordId, d.resolution]))).toEqual({
      [onZj[0]!]: 'repaired_here',
      [onZj[1]!]: 'repaired_here',
      [onFj[0]!]: 'repaired_at_peer',
    });
    expect(report).toMatchObject({ outcome: 'repaired', differencesFound: 3, repaired: 3, incidents: 0 });
    expect(await shared(pair.zj.services)).toEqual(healthy);
    expect(await shared(pair.fj.services)).toEqual(healthy);

    // The peer's refold is audited there, naming the record.
    const peerAudit = await pair.fj.services.db
      .selectFrom('audit_log')
      .select(['actor_id', 'record_ids'])
      .where('procedure', '=', 'reconcile.inspect')
      .orderBy('id', 'desc')
      .execute();
    expect(peerAudit.some((r) => r.actor_id === ZJ && r.record_ids.includes(onFj[0]!))).toBe(true);

    const again = await (await actAs(pair.zj, 'zj.admin')).reconcile.run({});
    expect(again).toMatchObject({ outcome: 'in_sync', differencesFound: 0 });
  });

  for (const runner of ['fj', 'zj'] as const) {
    it(`an event row deleted on the receiver is restored from its signed link entry (${runner} runs)`, async () => {
      const zj = pair.zj.services;
      const fj = pair.fj.services;
      const { recordId } = await writeNote(zj, {
        kind: 'create',
        data: { title: 'lost edit', parties: [FJ] },
      });
      const { eventId: lost } = await writeNote(zj, { recordId, kind: 'edit', data: { text: 'to be lost' } });
      await settled();
      // The row goes, its link entry stays (FK checks off, as a careless superuser would do it).
      await behindTheBack(pair.fj, [
        sql`set local session_replication_role = replica`,
        sql`delete from event where id = ${lost}`,
      ]);
      // The next event refolds the record on fj without the lost one: the projections part.
      const seqBefore = (await linkHead(fj, ZJ, FJ)).seq;
      await writeNote(zj, { recordId, kind: 'edit', data: { text: 'after' } });
      await eventually(
        async () => (await linkHead(fj, ZJ, FJ)).seq === seqBefore + 1,
        'the next edit reaches fj',
      );
      const stateOf = async (node: typeof zj) =>
        (
          await node.db
            .selectFrom('record_projection')
            .select('state')
            .where('record_id', '=', recordId)
            .executeTakeFirstOrThrow()
        ).state;
      expect(await stateOf(fj)).not.toEqual(await stateOf(zj));

      const node = runner === 'fj' ? pair.fj : pair.zj;
      const report = await (await actAs(node, `${runner}.admin`)).reconcile.run({});
      expect(report.differences).toEqual([
        {
          recordId,
          resolution: 'events_restored',
          detail:
            runner === 'fj'
              ? '1 event(s) recovered here, 0 restored at zj-taishun'
              : '0 event(s) recovered here, 1 restored at fj-shouning',
        },
      ]);
      expect(report.outcome).toBe('repaired');
      expect(await fj.db.selectFrom('event').select('id').where('id', '=', lost).executeTakeFirst()).toEqual({
        id: lost,
      });
      expect(await stateOf(fj)).toEqual(await stateOf(zj));
      expect(await shared(pair.fj.services)).toEqual(await shared(pair.zj.services));
    });
  }

  for (const runner of ['fj', 'zj'] as const) {
    it(`an event row deleted on fj is found by either side's next run, before anything refolds the record (${runner} runs)`, async () => {
      const zj = pair.zj.services;
      const fj = pair.fj.services;
      const { recordId } = await writeNote(zj, {
        kind: 'create',
        data: { title: `quiet record ${runner}`, parties: [FJ] },
      });
      const { eventId: lost } = await writeNote(zj, { recordId, kind: 'edit', data: { text: 'to be lost' } });
      await settled();
      await behindTheBack(pair.fj, [
        sql`set local session_replication_role = replica`,
        sql`delete from event where id = ${lost}`,
      ]);

      // Nothing happens to the record afterwards: both projections still agree, so only asking the
      // side that lost the row finds it — zj's run must ask fj, not just look at its own tables.
      const node = runner === 'fj' ? pair.fj : pair.zj;
      const report = await (await actAs(node, `${runner}.admin`)).reconcile.run({});
      expect(report.differences).toEqual([
        {
          recordId,
          resolution: 'events_restored',
          detail:
            runner === 'fj'
              ? '1 event(s) recovered here, 0 restored at zj-taishun'
              : '0 event(s) recovered here, 1 restored at fj-shouning',
        },
      ]);
      expect(report).toMatchObject({
        outcome: 'repaired',
        lostEvents: runner === 'fj' ? { here: 1, atPeer: 0 } : { here: 0, atPeer: 1 },
      });
      expect(await fj.db.selectFrom('event').select('id').where('id', '=', lost).executeTakeFirst()).toEqual({
        id: lost,
      });
      expect(await shared(pair.fj.services)).toEqual(await shared(pair.zj.services));
      // And the pair is whole again: the next run from either side finds nothing.
      const again = await (await actAs(node, `${runner}.admin`)).reconcile.run({});
      expect(again).toMatchObject({
        outcome: 'in_sync',
        differencesFound: 0,
        lostEvents: { here: 0, atPeer: 0 },
      });
    });
  }

  it('`tiemeng reconcile` runs and prints the report', async () => {
    const cli = cliFor(await tempConfigDir());
    const login = await cliLogin(cli, pair.zj.url, 'zj.command');
    expect(login.code).toBe(0);
    const table = await cli(['reconcile', '--peer', FJ]);
    expect(table).toMatchObject({ code: 0, stderr: '' });
    expect(table.stdout).toMatch(/Reconciliation #\d+ with fj-shouning: in sync/);
    expect(table.stdout).toMatch(/Records compared\s+\d+/);
    expect(table.stdout).toMatch(/zj-taishun → fj-shouning\s+\d+\s+\d+\s+in_sync/);
    const json = await cli(['--json', 'reconcile']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      peer: FJ,
      outcome: 'in_sync',
      startedBy: { username: 'zj.command' },
    });
    const officer = cliFor(await tempConfigDir());
    await cliLogin(officer, pair.zj.url, 'zj.officer');
    expect((await officer(['reconcile'])).code).toBe(4);
  });

  it('`tiemeng reconcile reports` lists stored runs newest first, page by page; `show` prints one in full', async () => {
    const cli = cliFor(await tempConfigDir());
    await cliLogin(cli, pair.zj.url, 'zj.command');
    await cli(['reconcile']);
    const ran = JSON.parse((await cli(['--json', 'reconcile'])).stdout) as { id: number };

    const newest = await cli(['reconcile', 'reports', '--peer', FJ, '--limit', '1']);
    expect(newest).toMatchObject({ code: 0, stderr: '' });
    expect(newest.stdout).toMatch(new RegExp(`^${ran.id}\\s.*fj-shouning\\s+zj.command\\s+in sync\\s`, 'm'));
    expect(newest.stdout).toContain(`… more: --before ${ran.id}`);
    const next = JSON.parse(
      (await cli(['--json', 'reconcile', 'reports', '--limit', '1', '--before', String(ran.id)])).stdout,
    );
    expect(next.items).toHaveLength(1);
    expect(next.items[0].id).toBeLessThan(ran.id);

    const shown = await cli(['reconcile', 'show', String(ran.id)]);
    expect(shown.stdout).toMatch(new RegExp(`^Reconciliation #${ran.id} with fj-shouning: in sync`));
    expect(shown.stdout).toMatch(/zj-taishun → fj-shouning\s+\d+\s+\d+\s+in_sync/);
    expect(await cli(['reconcile', 'show', String(ran.id + 1000)])).toMatchObject({
      code: 4,
      stderr: expect.stringMatching(/^tiemeng: NOT_FOUND: /),
    });
    expect((await cli(['reconcile', 'show', 'latest'])).code).toBe(2);
  });

  it('the same seq with another hash on the two sides is reported as a divergence incident, stored once', async () => {
    // Last: fj's head of zj's link no longer matches what zj signed at that seq.
    await behindTheBack(pair.fj, [
      sql`update link_head set hash = repeat('e', 64) where from_node = ${ZJ} and to_node = ${FJ}`,
    ]);
    const report = await (await actAs(pair.zj, 'zj.admin')).reconcile.run({});
    expect(report.links[0]).toMatchObject({ from: ZJ, to: FJ, status: 'diverged' });
    expect(report).toMatchObject({ outcome: 'unresolved', incidents: 1 });
    const incident = await pair.zj.services.db
      .selectFrom('sync_incident')
      .selectAll()
      .where('kind', '=', 'DIVERGENCE')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(incident).toMatchObject({ peer: FJ, seq: report.links[0]!.peerSeq });

    // The next run finds the divergence again and says so, but the auditors' list holds it once.
    const again = await (await actAs(pair.zj, 'zj.admin')).reconcile.run({});
    expect(again).toMatchObject({ outcome: 'unresolved', incidents: 1 });
    const stored = await pair.zj.services.db
      .selectFrom('sync_incident')
      .select('id')
      .where('kind', '=', 'DIVERGENCE')
      .where('seq', '=', report.links[0]!.peerSeq)
      .execute();
    expect(stored).toHaveLength(1);
  });
});
