import { behindTheBack, eventually, startTestPair, type TestPair } from '@tiemeng/api/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { burglaryFugitive, FUGITIVE_ID } from './support/notice.ts';
import { actAs, officerId } from './support/officers.ts';
import { expectRefused, lastAudit, sameOnBoth } from './support/records.ts';

const MASKED_ID = '3303**********1235';

describe('notice rules: masking, reveal, refusals', () => {
  let pair: TestPair;
  let noticeId: string;
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'));
    noticeId = (await (await actAs(pair.zj, 'zj.officer')).notice.issue(burglaryFugitive)).id;
    await sameOnBoth(pair, noticeId);
  });
  afterAll(() => pair.destroy());

  it('lists and get mask the ID number and withhold the photo, on both nodes, timeline included', async () => {
    for (const [node, who] of [
      [pair.zj, 'zj.officer'],
      [pair.fj, 'fj.officer'],
    ] as const) {
      const caller = await actAs(node, who);
      const item = (await caller.notice.list({ kind: 'fugitive' })).items.find((i) => i.id === noticeId)!;
      expect(item.subject).toMatchObject({ name: '李某某', idNumber: MASKED_ID, photo: 'withheld' });
      const got = await caller.notice.get({ id: noticeId });
      expect(got.state.subject).toMatchObject({ idNumber: MASKED_ID, photo: 'withheld' });
      expect(JSON.stringify(got)).not.toContain(FUGITIVE_ID);
      expect(JSON.stringify(got)).not.toContain('b'.repeat(64));
    }
  });

  it('list filters by text, station and kind', async () => {
    const xixi = await actAs(pair.fj, 'fj.duty');
    expect((await xixi.notice.list({ text: '阿强' })).items.map((i) => i.id)).toEqual([noticeId]);
    expect((await xixi.notice.list({ text: '无此人' })).items).toEqual([]);
    expect(
      (await xixi.notice.list({ station: 'fj-xixi', direction: 'inbound' })).items.map((i) => i.id),
    ).toContain(noticeId);
    expect((await xixi.notice.list({ kind: 'missing_person' })).items).toEqual([]);
  });

  it('reveal by the duty desk returns the full subject and is audited with the record id', async () => {
    const duty = await actAs(pair.fj, 'fj.duty');
    const revealed = await duty.notice.reveal({ id: noticeId, reason: '检查站比对身份' });
    expect(revealed.subject).toMatchObject({ idNumber: FUGITIVE_ID, photo: { sha256: 'b'.repeat(64) } });
    expect(
      await lastAudit(pair.fj, ['procedure', 'outcome', 'error_code', 'record_ids', 'actor_id']),
    ).toEqual({
      procedure: 'notice.reveal',
      outcome: 'ok',
      error_code: null,
      record_ids: [noticeId],
      actor_id: await officerId(pair.fj, 'fj.duty'),
    });
  });

  it('the reason for a reveal is kept in its audit row, read by auditors and covered by the chain', async () => {
    const duty = await actAs(pair.fj, 'fj.duty');
    await duty.notice.reveal({ id: noticeId, reason: '卡口比对：嫌疑人自称李某' });
    const auditor = await actAs(pair.fj, 'fj.auditor');
    const [row] = (await auditor.audit.list({ procedure: 'notice.reveal', recordId: noticeId, limit: 1 }))
      .items;
    expect(row).toMatchObject({ outcome: 'ok', note: '卡口比对：嫌疑人自称李某' });
    expect(await auditor.audit.verify()).toMatchObject({ ok: true });

    // The note is part of the row's hash: rewriting the reason breaks the chain at that row.
    await behindTheBack(pair.fj, [
      sql`alter table audit_log disable trigger user`,
      sql`update audit_log set note = 'routine check' where id = ${row!.id}`,
      sql`alter table audit_log enable trigger user`,
    ]);
    expect(await auditor.audit.verify()).toMatchObject({ ok: false, brokenRowId: row!.id });
  });

  it('reveal is refused to the officer role, and needs a reason', async () => {
    const officer = await actAs(pair.fj, 'fj.officer');
    await expectRefused(
      pair.fj,
      () => officer.notice.reveal({ id: noticeId, reason: 'curious' }),
      'FORBIDDEN_ROLE',
      'notice.reveal',
    );
    const duty = await actAs(pair.fj, 'fj.duty');
    for (const input of [{ id: noticeId }, { id: noticeId, reason: '   ' }]) {
      await expectRefused(
        pair.fj,
        () => duty.notice.reveal(input as never),
        'INVALID_INPUT',
        'notice.reveal',
      );
    }
  });

  it('invalid input is refused with a typed error and writes nothing', async () => {
    const issuer = await actAs(pair.zj, 'zj.officer');
    const { fugitive: _, ...noParticulars } = burglaryFugitive as typeof burglaryFugitive & {
      fugitive: unknown;
    };
    const bad: [unknown, string][] = [
      [
        { ...burglaryFugitive, subject: { ...burglaryFugitive.subject, idNumber: '110105194912310021' } },
        'INVALID_INPUT',
      ],
      [{ ...burglaryFugitive, kind: 'wanted' }, 'INVALID_INPUT'],
      [
        {
          ...burglaryFugitive,
          fugitive: { ...(burglaryFugitive as { fugitive: object }).fugitive, requestedAction: 'shoot' },
        },
        'INVALID_INPUT',
      ],
      [
        { ...burglaryFugitive, subject: { ...burglaryFugitive.subject, description: 'x'.repeat(4001) } },
        'INVALID_INPUT',
      ],
      [noParticulars, 'INVALID_INPUT'],
      [{ ...burglaryFugitive, recipientStations: [] }, 'INVALID_INPUT'],
      [{ ...burglaryFugitive, recipientStations: ['zj-luoyang'] }, 'INVALID_INPUT'],
      [{ ...burglaryFugitive, recipientStations: ['fj-nowhere'] }, 'UNKNOWN_STATION'],
      [{ ...burglaryFugitive, issuingStation: 'fj-xixi' }, 'NOT_PARTY'],
    ];
    for (const [input, code] of bad) {
      await expectRefused(pair.zj, () => issuer.notice.issue(input as never), code, 'notice.issue');
    }
    await expectRefused(
      pair.zj,
      () => issuer.notice.update({ id: noticeId }),
      'INVALID_INPUT',
      'notice.update',
    );
    await expectRefused(
      pair.zj,
      () => issuer.notice.resolve({ id: noticeId, outcome: 'found_safe' }),
      'INVALID_INPUT',
      'notice.resolve',
    );
    await expectRefused(
      pair.zj,
      () => issuer.notice.renew({ id: '0190e6c0-0000-7000-8000-000000000000' }),
      'NOT_FOUND',
      'notice.renew',
    );
  });

  it('only the issuing side updates, renews, confirms and resolves; only partners report', async () => {
    const partner = await actAs(pair.fj, 'fj.duty');
    const ownerCalls: [string, () => Promise<unknown>][] = [
      [
        'notice.update',
        () => partner.notice.update({ id: noticeId, lastSeen: { place: 'x', time: '2025-06-15T00:00:00Z' } }),
      ],
      ['notice.renew', () => partner.notice.renew({ id: noticeId })],
      ['notice.resolve', () => partner.notice.resolve({ id: noticeId, outcome: 'arrested' })],
      [
        'notice.confirm',
        () => partner.notice.confirm({ id: noticeId, reportEventId: noticeId, accepted: true }),
      ],
    ];
    for (const [procedure, call] of ownerCalls) await expectRefused(pair.fj, call, 'NOT_PARTY', procedure);

    const owner = await actAs(pair.zj, 'zj.duty');
    await expectRefused(
      pair.zj,
      () =>
        owner.notice.reportSighting({ id: noticeId, time: '2025-06-15T00:00:00Z', place: 'x', detail: 'y' }),
      'NOT_PARTY',
      'notice.reportSighting',
    );
    await expectRefused(
      pair.zj,
      () =>
        owner.notice.reportLocated({
          id: noticeId,
          kind: 'located',
          time: '2025-06-15T00:00:00Z',
          place: 'x',
          detail: 'y',
        }),
      'NOT_PARTY',
      'notice.reportLocated',
    );
  });

  it('the owner updates the subject; the partner sees the update, still masked', async () => {
    const owner = await actAs(pair.zj, 'zj.officer');
    await owner.notice.update({ id: noticeId, subject: { aliases: ['阿强', '强哥'] }, remark: '补充绰号' });
    await sameOnBoth(pair, noticeId);
    const partner = await actAs(pair.fj, 'fj.officer');
    await eventually(
      async () => (await partner.notice.get({ id: noticeId })).subject.aliases?.length === 2,
      'update reaches Xixi',
    );
    const got = await partner.notice.get({ id: noticeId });
    expect(got.subject).toMatchObject({ name: '李某某', idNumber: MASKED_ID, aliases: ['阿强', '强哥'] });
  });
});
