import { startTestPair, type TestPair } from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { teaFieldBoundary } from './support/mediation.ts';
import { actAs } from './support/officers.ts';
import { expectRefused, lastAudit, sameOnBoth } from './support/records.ts';

describe('mediation refusals change nothing and are audited', () => {
  let pair: TestPair;
  let id: string;
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'));
    id = (await (await actAs(pair.zj, 'zj.officer')).mediation.open(teaFieldBoundary)).id;
    await sameOnBoth(pair, id);
  });
  afterAll(() => pair.destroy());

  it('invalid input when opening: missing fields, oversize text, bad enums, stations', async () => {
    const officer = await actAs(pair.zj, 'zj.officer');
    const { summary: _, ...unsummarised } = teaFieldBoundary;
    const bad: [unknown, string][] = [
      [unsummarised, 'INVALID_INPUT'],
      [{ ...teaFieldBoundary, summary: 'x'.repeat(4001) }, 'INVALID_INPUT'],
      [{ ...teaFieldBoundary, disputeType: 'inheritance' }, 'INVALID_INPUT'],
      [{ ...teaFieldBoundary, mechanism: { kind: 'professional' } }, 'INVALID_INPUT'],
      [
        { ...teaFieldBoundary, parties: [{ name: '吴某', province: 'zhejiang', role: 'witness' }] },
        'INVALID_INPUT',
      ],
      [{ ...teaFieldBoundary, mediators: [{ name: '叶老', kind: 'elder' }] }, 'INVALID_INPUT'],
      [{ ...teaFieldBoundary, partnerStation: 'fj-nowhere' }, 'UNKNOWN_STATION'],
      [{ ...teaFieldBoundary, partnerStation: 'zj-luoyang' }, 'INVALID_INPUT'],
      [{ ...teaFieldBoundary, openingStation: 'fj-xixi', partnerStation: 'zj-luoyang' }, 'NOT_PARTY'],
      // A mediator must serve one of the two sides: the fold says so, before anything is written.
      [
        { ...teaFieldBoundary, mediators: [{ name: 'x', kind: 'officer', node: 'gd-other' }] },
        'ILLEGAL_TRANSITION',
      ],
    ];
    for (const [input, code] of bad) {
      await expectRefused(pair.zj, () => officer.mediation.open(input as never), code, 'mediation.open');
    }
  });

  it('invalid input on later steps: cross-field rules, bad hashes, unknown records', async () => {
    const officer = await actAs(pair.fj, 'fj.officer');
    const steps: [() => Promise<unknown>, string, string][] = [
      [() => officer.mediation.recordOutcome({ id, result: 'referred' }), 'INVALID_INPUT', 'recordOutcome'],
      [
        () => officer.mediation.recordOutcome({ id, result: 'failed', referredTo: 'court' }),
        'INVALID_INPUT',
        'recordOutcome',
      ],
      [
        () => officer.mediation.recordOutcome({ id, result: 'settled' } as never),
        'INVALID_INPUT',
        'recordOutcome',
      ],
      [
        () => officer.mediation.signAgreement({ id, termsHash: 'not-a-hash' }),
        'INVALID_INPUT',
        'signAgreement',
      ],
      [
        () => officer.mediation.signAgreement({ id, termsHash: 'a'.repeat(64) }),
        'ILLEGAL_TRANSITION',
        'signAgreement',
      ],
      [
        () => officer.mediation.proposeAgreement({ id, terms: 'x'.repeat(20_001) }),
        'INVALID_INPUT',
        'proposeAgreement',
      ],
      [() => officer.mediation.proposeAgreement({ id, terms: '   ' }), 'INVALID_INPUT', 'proposeAgreement'],
      [
        () => officer.mediation.recordSession({ id, at: 'yesterday', place: '犀溪' }),
        'INVALID_INPUT',
        'recordSession',
      ],
      [
        () => officer.mediation.recordFollowUp({ id, result: 'resolved' }),
        'ILLEGAL_TRANSITION',
        'recordFollowUp',
      ],
      [
        () =>
          officer.mediation.addParty({
            id: '0190e6c0-0000-7000-8000-000000000000',
            name: 'x',
            province: 'fujian',
            role: 'other',
          }),
        'NOT_FOUND',
        'addParty',
      ],
    ];
    for (const [call, code, procedure] of steps) {
      await expectRefused(pair.fj, call, code, `mediation.${procedure}`);
    }
  });

  it('roles: auditors and admins write nothing; auditors read, admins do not', async () => {
    for (const username of ['zj.auditor', 'zj.admin']) {
      const caller = await actAs(pair.zj, username);
      await expectRefused(
        pair.zj,
        () => caller.mediation.open(teaFieldBoundary),
        'FORBIDDEN_ROLE',
        'mediation.open',
      );
    }
    const auditor = await actAs(pair.fj, 'fj.auditor');
    expect((await auditor.mediation.get({ id })).id).toBe(id);
    const admin = await actAs(pair.fj, 'fj.admin');
    await expectRefused(pair.fj, () => admin.mediation.get({ id }), 'FORBIDDEN_ROLE', 'mediation.get');
    await expectRefused(pair.fj, () => admin.mediation.list({}), 'FORBIDDEN_ROLE', 'mediation.list');
  });

  it('every read of a mediation is audited with its record id', async () => {
    const officer = await actAs(pair.fj, 'fj.officer');
    await officer.mediation.get({ id });
    const audit = await lastAudit(pair.fj, ['procedure', 'record_ids', 'outcome']);
    expect(audit).toEqual({ procedure: 'mediation.get', record_ids: [id], outcome: 'ok' });
  });
});
