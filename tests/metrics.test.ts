import { ManualClock } from '@tiemeng/api';
import { actAs, eventually, startTestPair, type TestPair } from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { interceptFourSuspects } from './support/assistance.ts';
import { burglaryFugitive } from './support/notice.ts';
import { type Sample, sampleValue, scrape } from './support/prometheus.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('an operator watches both nodes through their Prometheus endpoints', () => {
  const clock = new ManualClock('2025-06-14T02:00:00+08:00');
  let pair: TestPair;
  const zj = 'zj-taishun';
  const fj = 'fj-shouning';
  const metricsOf = (side: 'zj' | 'fj') => scrape(pair[side].metricsPort!);
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'), { clock, extra: { metrics: { port: 0 } } });
  });
  afterAll(() => pair.destroy());

  it('serves /metrics on its own port, not on the API port', async () => {
    for (const node of [pair.zj, pair.fj]) {
      expect(node.metricsPort).toBeTypeOf('number');
      expect(node.metricsPort).not.toBe(node.port);
      expect((await fetch(`${node.url}/metrics`)).status).toBe(404);
      const res = await fetch(`http://127.0.0.1:${node.metricsPort}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    }
  });

  it('shows an urgent request left unacknowledged past 15 minutes as overdue on both nodes', async () => {
    const xixi = await actAs(pair.fj, 'fj.officer');
    const urgent = await xixi.assistance.file(interceptFourSuspects);
    const normal = await xixi.assistance.file({ ...interceptFourSuspects, priority: 'normal' });
    // zj holds both once applied; fj records the acknowledgement once zj's answer is back.
    await eventually(async () => {
      const [atZj, atFj] = [await metricsOf('zj'), await metricsOf('fj')];
      return (
        sampleValue(atZj, 'tiemeng_link_head_seq', { from: fj, to: zj }) === 2 &&
        sampleValue(atFj, 'tiemeng_link_acknowledged_seq', { from: fj, to: zj }) === 2
      );
    }, 'both filings reach zj and are acknowledged');

    clock.advance(16 * MINUTE);
    const atZj = await metricsOf('zj');
    const atFj = await metricsOf('fj');
    const assistance = (m: Sample[], name: string, priority: string, direction: string) =>
      sampleValue(m, `tiemeng_assistance_${name}`, { priority, direction });
    expect(assistance(atZj, 'awaiting_ack', 'urgent', 'inbound')).toBe(1);
    expect(assistance(atZj, 'awaiting_ack', 'normal', 'inbound')).toBe(1);
    expect(assistance(atZj, 'ack_overdue', 'urgent', 'inbound')).toBe(1);
    expect(assistance(atZj, 'ack_overdue', 'normal', 'inbound')).toBe(0);
    expect(assistance(atZj, 'overdue', 'urgent', 'inbound')).toBe(1);
    expect(assistance(atZj, 'awaiting_ack', 'urgent', 'outbound')).toBe(0);
    expect(assistance(atFj, 'ack_overdue', 'urgent', 'outbound')).toBe(1);
    expect(assistance(atFj, 'ack_overdue', 'urgent', 'inbound')).toBe(0);

    // The filings were calls on fj, counted by procedure and outcome.
    expect(
      sampleValue(atFj, 'tiemeng_calls_duration_seconds_count', {
        procedure: 'assistance.file',
        outcome: 'ok',
      }),
    ).toBe(2);
    // Links: fj's head of its own link and zj's copy agree, acknowledged, no lag.
    for (const m of [atZj, atFj])
      expect(sampleValue(m, 'tiemeng_link_head_seq', { from: fj, to: zj })).toBe(2);
    expect(sampleValue(atFj, 'tiemeng_link_acknowledged_seq', { from: fj, to: zj })).toBe(2);
    expect(sampleValue(atFj, 'tiemeng_link_lag_entries', { from: fj, to: zj })).toBe(0);
    expect(sampleValue(atFj, 'tiemeng_link_lag_seconds', { from: fj, to: zj })).toBe(0);
    expect(sampleValue(atFj, 'tiemeng_peer_delivery_failing', { peer: zj })).toBe(0);

    // Acknowledged: no longer awaiting, no longer overdue.
    const luoyang = await actAs(pair.zj, 'zj.duty');
    await luoyang.assistance.acknowledge({ id: urgent.id, remark: '收到' });
    const after = await metricsOf('zj');
    expect(assistance(after, 'awaiting_ack', 'urgent', 'inbound')).toBe(0);
    expect(assistance(after, 'ack_overdue', 'urgent', 'inbound')).toBe(0);
    expect(assistance(after, 'awaiting_ack', 'normal', 'inbound')).toBe(1);
    expect(normal.priority).toBe('normal');
  });

  it('shows a link held up by a partition as lag in entries and seconds, and why delivery fails', async () => {
    pair.partition();
    try {
      const xixi = await actAs(pair.fj, 'fj.officer');
      await xixi.assistance.file({ ...interceptFourSuspects, priority: 'normal' });
      await eventually(
        async () => sampleValue(await metricsOf('fj'), 'tiemeng_peer_delivery_failing', { peer: zj }) === 1,
        'fj notices zj is unreachable',
      );
      clock.advance(2 * MINUTE);
      const m = await metricsOf('fj');
      expect(sampleValue(m, 'tiemeng_link_head_seq', { from: fj, to: zj })).toBe(3);
      expect(sampleValue(m, 'tiemeng_link_lag_entries', { from: fj, to: zj })).toBe(1);
      expect(sampleValue(m, 'tiemeng_link_lag_seconds', { from: fj, to: zj })).toBe(120);
      expect(
        sampleValue(m, 'tiemeng_delivery_failures_total', { peer: zj, reason: 'UNREACHABLE' }),
      ).toBeGreaterThan(0);
      expect(sampleValue(m, 'tiemeng_peer_consecutive_failures', { peer: zj })).toBeGreaterThan(0);
    } finally {
      pair.heal();
    }
    await eventually(
      async () => sampleValue(await metricsOf('fj'), 'tiemeng_link_lag_entries', { from: fj, to: zj }) === 0,
      'the link catches up once healed',
    );
    expect(sampleValue(await metricsOf('zj'), 'tiemeng_link_head_seq', { from: fj, to: zj })).toBe(3);
  });

  it('shows the last reconciliation, incidents, the audit head, refusals and the pool', async () => {
    const command = await actAs(pair.zj, 'zj.command');
    await command.reconcile.run({ peer: fj });
    clock.advance(5 * MINUTE);
    await pair.zj.services.db
      .insertInto('sync_incident')
      .values({
        at: clock.now(),
        peer: fj,
        kind: 'STATE_MISMATCH',
        seq: null,
        detail: 'test',
        evidence: '{}',
      })
      .execute();
    const officer = await actAs(pair.zj, 'zj.officer');
    await expect(officer.sync.status()).rejects.toThrow();

    const m = await metricsOf('zj');
    expect(sampleValue(m, 'tiemeng_reconcile_last_outcome', { peer: fj, outcome: 'in_sync' })).toBe(1);
    expect(sampleValue(m, 'tiemeng_reconcile_last_outcome', { peer: fj, outcome: 'failed' })).toBe(0);
    expect(sampleValue(m, 'tiemeng_reconcile_last_differences', { peer: fj })).toBe(0);
    expect(sampleValue(m, 'tiemeng_reconcile_last_age_seconds', { peer: fj })).toBeCloseTo(300, 0);
    expect(sampleValue(m, 'tiemeng_sync_incidents', { peer: fj, kind: 'STATE_MISMATCH' })).toBe(1);
    expect(
      sampleValue(m, 'tiemeng_calls_duration_seconds_count', {
        procedure: 'sync.status',
        outcome: 'refused',
      }),
    ).toBe(1);
    const head = await pair.zj.services.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirstOrThrow();
    expect(sampleValue(m, 'tiemeng_audit_head_id')).toBe(Number(head.id));
    expect(sampleValue(m, 'tiemeng_db_pool_max')).toBe(10);
    expect(sampleValue(m, 'tiemeng_db_pool_connections')).toBeGreaterThan(0);
    expect(sampleValue(m, 'tiemeng_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('shows a notice not renewed within its review period as lapsed at the issuing node', async () => {
    const luoyang = await actAs(pair.zj, 'zj.duty');
    await luoyang.notice.issue(burglaryFugitive);
    const before = await metricsOf('zj');
    expect(sampleValue(before, 'tiemeng_notices_lapsed', { kind: 'fugitive', direction: 'outbound' })).toBe(
      0,
    );
    clock.advance(31 * DAY);
    const after = await metricsOf('zj');
    expect(sampleValue(after, 'tiemeng_notices_lapsed', { kind: 'fugitive', direction: 'outbound' })).toBe(1);
    expect(
      sampleValue(after, 'tiemeng_notices_lapsed', { kind: 'missing_person', direction: 'outbound' }),
    ).toBe(0);
  });
});
