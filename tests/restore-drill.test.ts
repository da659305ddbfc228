import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pairConfig } from '@tiemeng/api/demo';
import {
  eventually,
  linkHead,
  runBin,
  startTestNode,
  startTestPair,
  type TestNode,
  type TestPair,
} from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { interceptFourSuspects } from './support/assistance.ts';
import { actAs } from './support/officers.ts';
import { projectionOf } from './support/records.ts';

const ZJ = 'zj-taishun';
const FJ = 'fj-shouning';
const nodeBin = path.join(import.meta.dirname, '../packages/api/bin/tiemeng-node.js');

/** Every event a node holds, by id (the story's records are all shared, so both must hold the same). */
const eventIds = async (node: TestNode) =>
  (await node.services.db.selectFrom('event').select('id').orderBy('id').execute()).map((e) => e.id);

/** Today where the stations are (UTC+8): the statistics' days. */
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('restore drill: zj is restored from an older backup and recovers the rest from fj', () => {
  let pair: TestPair;
  let restarted: TestNode | undefined;
  let configFile: string;
  let backupDir: string;

  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'));
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tiemeng-drill-'));
    backupDir = path.join(dir, 'backup');
    configFile = path.join(dir, 'node.json');
    const urls = { zj: pair.fj.services.config.peers[0]!.url, fj: pair.zj.services.config.peers[0]!.url };
    await writeFile(
      configFile,
      // The node's own key-encryption key, as the running zj has it.
      JSON.stringify({
        ...pairConfig('zj', { url: pair.zj.connectionString }, urls, pair.zj.port),
        keys: pair.zj.services.config.keys,
      }),
    );
  });
  afterAll(async () => {
    await restarted?.stop();
    await pair.destroy();
  });

  const file = async (node: TestNode, who: string, title: string) => {
    const side = node.side;
    const officer = await actAs(node, `${who}`);
    return officer.assistance.file({
      ...interceptFourSuspects,
      requestingStation: side === 'zj' ? 'zj-luoyang' : 'fj-xixi',
      addressedStation: side === 'zj' ? 'fj-xixi' : 'zj-luoyang',
      title,
    });
  };
  const settled = (a: TestNode, b: TestNode) =>
    eventually(async () => {
      const [x, y] = [a.services, b.services];
      return (
        (await linkHead(x, ZJ, FJ)).seq === (await linkHead(y, ZJ, FJ)).seq &&
        (await linkHead(x, FJ, ZJ)).seq === (await linkHead(y, FJ, ZJ)).seq &&
        JSON.stringify(await eventIds(a)) === JSON.stringify(await eventIds(b))
      );
    }, 'both nodes hold the same links and events');

  it('back up zj, file on both sides, restore zj: nothing is lost on either side and the pair is in sync', async () => {
    // Before the backup: one request each way, acknowledged.
    const early = await file(pair.fj, 'fj.officer', 'before the backup (fj)');
    const earlyZj = await file(pair.zj, 'zj.officer', 'before the backup (zj)');
    await settled(pair.zj, pair.fj);
    await (await actAs(pair.zj, 'zj.duty')).assistance.acknowledge({ id: early.id });
    await settled(pair.zj, pair.fj);

    const backup = await runBin(
      nodeBin,
      ['backup', '--config', configFile, '--out', backupDir, '--json'],
      {},
    );
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    const manifest = JSON.parse(backup.stdout);
    expect(manifest).toMatchObject({
      format: 'tiemeng-backup',
      nodeId: ZJ,
      database: { file: 'database.dump' },
    });

    // After the backup both sides go on: zj authors events (only fj will hold them once zj is
    // restored), fj authors events zj has received.
    const lateZj = await file(pair.zj, 'zj.officer', 'after the backup (zj)');
    await (await actAs(pair.zj, 'zj.officer')).assistance.start({ id: early.id });
    const lateFj = await file(pair.fj, 'fj.officer', 'after the backup (fj)');
    await settled(pair.zj, pair.fj);
    await (await actAs(pair.fj, 'fj.duty')).assistance.acknowledge({ id: earlyZj.id });
    await settled(pair.zj, pair.fj);
    const fjHeld = await eventIds(pair.fj);
    const fjStats = await (await actAs(pair.fj, 'fj.command')).stats.summary({ from: today(), to: today() });

    // zj is lost and restored from the older backup; fj keeps running.
    await pair.zj.stop();
    const restore = await runBin(
      nodeBin,
      ['restore', '--config', configFile, '--from', backupDir, '--json'],
      {},
    );
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(JSON.parse(restore.stdout)).toMatchObject({
      restored: manifest.takenAt,
      // zj's own entries since the backup (filing + start) came back from fj's copy of its link; fj's
      // (its filing, its acknowledgement) were pulled.
      peers: [{ peer: FJ, recovered: 2, pulled: 2 }],
    });

    restarted = await startTestNode({
      serverUrl: inject('testServerUrl'),
      side: 'zj',
      port: pair.zj.port,
      connectionString: pair.zj.connectionString,
      urls: { zj: pair.fj.services.config.peers[0]!.url, fj: pair.zj.services.config.peers[0]!.url },
    });
    const zj = restarted;
    await settled(zj, pair.fj);

    // Nothing fj holds was lost, and zj holds it all again.
    expect(await eventIds(pair.fj)).toEqual(fjHeld);
    expect(await eventIds(zj)).toEqual(fjHeld);
    for (const id of [early.id, earlyZj.id, lateZj.id, lateFj.id])
      expect(await projectionOf(zj, id)).toEqual(await projectionOf(pair.fj, id));
    expect((await projectionOf(zj, early.id))?.status).toBe('in_progress');

    // zj goes on at the next seq of its link: fj takes the new event, no divergence on either side.
    const next = await file(zj, 'zj.officer', 'after the restore (zj)');
    await settled(zj, pair.fj);
    expect(await projectionOf(pair.fj, next.id)).toEqual(await projectionOf(zj, next.id));
    const incidents = (node: TestNode) =>
      node.services.db.selectFrom('sync_incident').select(['kind', 'detail']).execute();
    expect(await incidents(zj)).toEqual([]);
    // fj may have witnessed a head of zj's lost audit rows; if the restored chain's head reached it
    // behind or with another hash, fj keeps that as one ANCHOR_CONFLICT — of a lost row, never a kept one.
    const { cut } = JSON.parse(restore.stdout);
    for (const incident of await incidents(pair.fj)) {
      expect(incident.kind).toBe('ANCHOR_CONFLICT');
      const held = Number(/after signing row (\d+)/.exec(incident.detail)?.[1]);
      expect(held).toBeGreaterThan(cut.keptRowId);
    }

    // Reconciliation from either side: in sync.
    for (const [node, who] of [
      [zj, 'zj.admin'],
      [pair.fj, 'fj.admin'],
    ] as const) {
      const report = await (await actAs(node, who)).reconcile.run({});
      expect(report).toMatchObject({ outcome: 'in_sync', differencesFound: 0, incidents: 0 });
    }

    // zj's audit chain verifies and says where it was restored; the statistics agree.
    expect(
      await zj.services.db
        .selectFrom('audit_log')
        .select('id')
        .where('procedure', '=', 'cli.restore')
        .execute(),
    ).toHaveLength(1);
    const verify = await runBin(nodeBin, ['verify-audit', '--config', configFile], {});
    // The chain records the cut: the restore row follows the last row of the backup.
    expect(cut).toMatchObject({ restoreRowId: cut.keptRowId + 1, backupTakenAt: manifest.takenAt });
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, anchors: { ok: true, restores: [cut] } });
    const zjStats = await (await actAs(zj, 'zj.command')).stats.summary({ from: today(), to: today() });
    const fjStatsNow = await (await actAs(pair.fj, 'fj.command')).stats.summary({
      from: today(),
      to: today(),
    });
    expect(zjStats.groups).toEqual(fjStatsNow.groups);
    expect(fjStatsNow.groups[0]?.figures.requests.filed).toBe(
      (fjStats.groups[0]?.figures.requests.filed ?? 0) + 1,
    );
  });
});
