import { describe, expect, it } from 'vitest';
import type { RecordEvent } from '../../events/index.ts';
import { foldMediation, mediationRecordType } from './mediation-type.ts';
import { termsHash } from './terms-hash.ts';

const ZJ = 'zj-taishun';
const FJ = 'fj-shouning';
const actor = (node: string) => ({
  officer: `${node}.duty`,
  station: node === ZJ ? 'zj-luoyang' : 'fj-xixi',
  roles: ['duty'],
});

let minute = 0;
function ev(author: string, kind: string, data: unknown): RecordEvent {
  minute += 1;
  const at = new Date(Date.UTC(2025, 5, 14, 2, minute));
  return {
    id: `e${String(minute).padStart(3, '0')}`,
    author,
    hlc: `${at.toISOString()}-${author}`,
    at,
    kind,
    actor: actor(author),
    data,
  };
}

const open = () =>
  ev(ZJ, 'open', {
    openingStation: 'zj-luoyang',
    partnerStation: 'fj-xixi',
    partnerNode: FJ,
    disputeType: 'land_boundary',
    summary: 'Boundary of a tea field on the provincial border',
    mechanism: { kind: 'joint' },
    parties: [],
    mediators: [],
  });
const propose = (author: string, terms: string, hash = termsHash(terms)) =>
  ev(author, 'propose_agreement', { terms, termsHash: hash });
const sign = (author: string, terms: string) => ev(author, 'sign_agreement', { termsHash: termsHash(terms) });
const outcome = (author: string, result: string, extra: object = {}) =>
  ev(author, 'record_outcome', { result, followUpDays: 30, ...extra });

describe('joint mediation fold', () => {
  it('agrees only when both nodes sign the same terms hash, then concludes and is followed up', () => {
    const events = [
      open(),
      propose(ZJ, 'A'),
      sign(ZJ, 'A'),
      sign(FJ, 'A'),
      outcome(ZJ, 'agreement'),
      ev(FJ, 'record_follow_up', { result: 'resolved' }),
    ];
    const out = foldMediation(events);
    expect(out.rejected).toEqual({});
    expect(out.status).toBe('followed_up');
    expect(out.parties).toEqual([ZJ, FJ]);
    expect(out.state!.agreement!.signatures.map((s) => s.node)).toEqual([ZJ, FJ]);
    expect(out.state!.agreement!.agreedAt).toBe(events[3]!.at.toISOString());
    expect(out.state!.followUpDueAt).toBe(
      new Date(events[4]!.at.getTime() + 30 * 24 * 3600_000).toISOString(),
    );
    const facts = mediationRecordType.facts!(out);
    expect(facts.map((f) => [f.metric, f.at])).toEqual([
      ['disputes.mediated', events[4]!.at.toISOString()],
      ['mediation.agreements', events[3]!.at.toISOString()],
      ['mediation.followups_done', events[5]!.at.toISOString()],
    ]);
    expect(facts.every((f) => f.fromNode === ZJ && f.toNode === FJ && f.category === 'land_boundary')).toBe(
      true,
    );
  });

  it('a new proposal resets signatures; a signature on superseded terms is rejected', () => {
    const stale = sign(FJ, 'A');
    const events = [open(), propose(ZJ, 'A'), sign(ZJ, 'A'), propose(FJ, 'B'), stale, sign(FJ, 'B')];
    const out = foldMediation(events);
    expect(out.rejected).toEqual({
      [stale.id]: 'the signed terms are not the terms in force (superseded or never proposed)',
    });
    expect(out.status).toBe('agreement_proposed');
    expect(out.state!.agreement).toMatchObject({ terms: 'B', agreedAt: null });
    expect(out.state!.agreement!.signatures.map((s) => s.node)).toEqual([FJ]);
    expect(out.state!.proposals).toBe(2);
  });

  it('rejects a proposal whose hash does not match its terms, and an agreement without co-signed terms', () => {
    const forged = propose(FJ, 'A', termsHash('B'));
    const early = outcome(ZJ, 'agreement');
    const out = foldMediation([open(), forged, early]);
    expect(out.rejected).toEqual({
      [forged.id]: 'the terms hash does not match the terms',
      [early.id]: 'an agreement outcome needs terms co-signed by both sides',
    });
    expect(out.status).toBe('open');
  });

  it('a failed mediation has no follow-up; a partial one without terms has', () => {
    const followUp = ev(FJ, 'record_follow_up', { result: 'resolved' });
    const failed = foldMediation([open(), outcome(FJ, 'failed'), followUp]);
    expect(failed.rejected).toEqual({ [followUp.id]: 'this outcome has no follow-up visit' });
    expect(failed.state!.followUpDueAt).toBeNull();
    expect(mediationRecordType.facts!(failed).map((f) => f.metric)).toEqual(['disputes.mediated']);

    const partial = foldMediation([open(), outcome(FJ, 'partial')]);
    expect(partial.rejected).toEqual({});
    expect(partial.state!.followUpDueAt).not.toBeNull();
    expect(mediationRecordType.facts!(partial).map((f) => f.metric)).toEqual(['disputes.mediated']);
  });

  it('rejects events from a third node, a referral without its destination and steps after conclusion', () => {
    const stranger = ev('gd-other', 'add_party', { name: 'x', province: 'guangdong', role: 'other' });
    const referral = outcome(ZJ, 'referred');
    const concluded = outcome(ZJ, 'referred', { referredTo: 'court' });
    const late = ev(FJ, 'record_session', { at: '2025-06-15T09:00:00+08:00', place: '犀溪镇' });
    const out = foldMediation([open(), stranger, referral, concluded, late]);
    expect(Object.keys(out.rejected)).toEqual([stranger.id, referral.id, late.id]);
    expect(out.rejected[late.id]).toBe('cannot record a session of a mediation that is concluded');
    expect(out.state!.outcome).toMatchObject({ result: 'referred', referredTo: 'court', termsHash: null });
  });

  it('the headline carries no personal data', () => {
    const out = foldMediation([
      open(),
      ev(FJ, 'add_party', { name: '李某', province: 'fujian', role: 'claimant', contact: '138' }),
    ]);
    const headline = JSON.stringify(mediationRecordType.headline!(out.state));
    expect(headline).not.toMatch(/李某|138|tea field/);
    expect(mediationRecordType.concernsStation!(out.state, 'fj-xixi')).toBe(true);
    expect(mediationRecordType.concernsStation!(out.state, 'zj-other')).toBe(false);
  });
});
