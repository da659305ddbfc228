import { describe, expect, it } from 'vitest';
import type { RecordEvent } from '../../events/index.ts';
import { FJ, storyEvents, ZJ } from '../../testing/story-events.ts';
import { foldNotice, noticeRecordType } from './notice-type.ts';

const T0 = Date.parse('2025-06-01T00:00:00Z');
const DAY = 24 * 60 * 60_000;
const ev = storyEvents('2025-06-01T00:00:00Z', DAY);

const issue = (kind: 'fugitive' | 'missing_person' = 'fugitive') =>
  ev(ZJ, 0, 'issue', {
    kind,
    issuingStation: 'zj-luoyang',
    recipientStations: ['fj-xixi'],
    recipientNodes: [FJ],
    reviewDays: 30,
    subject: { name: '李某', idNumber: '330302199001011235' },
    lastSeen: { place: '罗阳镇', time: '2025-05-31T20:00:00+08:00' },
    contactOfficer: { name: '王警官' },
    ...(kind === 'fugitive'
      ? {
          fugitive: {
            caseNumber: '泰公刑〔2025〕101号',
            warrantReference: '泰公（刑）捕字〔2025〕7号',
            offence: '盗窃',
            caution: ['violent'],
            requestedAction: 'detain',
          },
        }
      : { missing: { circumstances: 'left home', vulnerability: ['elderly', 'dementia'] } }),
  });
const sighting = (day: number) =>
  ev(FJ, day, 'sighting', { time: '2025-06-02T10:00:00+08:00', place: '犀溪镇', detail: 'seen' });

describe('notice fold', () => {
  it('derives the review date from the signed issue and renew times', () => {
    const issued = issue();
    const out = foldNotice([issued]);
    expect(out).toMatchObject({ owner: ZJ, parties: [ZJ, FJ], status: 'active' });
    expect(out.state!.reviewDueAt).toBe(new Date(T0 + 30 * DAY).toISOString());
    const renewed = foldNotice([issued, ev(ZJ, 20, 'renew', {})]);
    expect(renewed.state!.reviewDueAt).toBe(new Date(T0 + 50 * DAY).toISOString());
  });

  it('after the review date accepts nothing but the owner resolving', () => {
    const events = [
      issue(),
      sighting(31),
      ev(ZJ, 31, 'renew', {}),
      ev(ZJ, 31, 'update', { lastSeen: { place: 'x', time: '2025-06-30T00:00:00Z' } }),
      ev(ZJ, 32, 'resolve', { outcome: 'cancelled' }),
    ];
    const out = foldNotice(events);
    expect(Object.keys(out.rejected)).toEqual([events[1]!.id, events[2]!.id, events[3]!.id]);
    expect(out.rejected[events[1]!.id]).toMatch(/lapsed/);
    expect(out.status).toBe('resolved');
  });

  it('an event authored exactly at the review date still counts', () => {
    const out = foldNotice([issue(), sighting(30)]);
    expect(out.rejected).toEqual({});
  });

  it('keeps each side to its actions and each kind to its outcomes', () => {
    const events = [
      issue('missing_person'),
      ev(ZJ, 1, 'sighting', { time: '2025-06-02T10:00:00Z', place: 'p', detail: 'd' }),
      ev(FJ, 1, 'resolve', { outcome: 'found_safe' }),
      ev(FJ, 1, 'report', { kind: 'intercepted', time: '2025-06-02T10:00:00Z', place: 'p', detail: 'd' }),
      ev(ZJ, 1, 'resolve', { outcome: 'arrested' }),
    ];
    const out = foldNotice(events);
    expect(Object.values(out.rejected)).toEqual([
      'only a side the notice was sent to may do this',
      'only the issuing side may do this',
      'only a fugitive is intercepted; report a missing person as located',
      'a missing_person notice cannot be resolved arrested',
    ]);
    expect(out.status).toBe('active');
  });

  it('counts an interception only when the owner confirmed it before the arrest', () => {
    const issued = issue();
    const report = ev(FJ, 2, 'report', {
      kind: 'intercepted',
      time: '2025-06-03T08:00:00+08:00',
      place: '犀溪检查站',
      detail: 'held',
    });
    const arrested = (day: number) => ev(ZJ, day, 'resolve', { outcome: 'arrested' });
    const metrics = (events: RecordEvent[]) =>
      noticeRecordType.facts!(foldNotice(events)).map((f) => `${f.metric}:${f.toNode}`);

    expect(metrics([issued, report, arrested(3)])).toEqual([`notice.issued:${FJ}`]);
    const rejectedReport = ev(ZJ, 3, 'confirm', { reportEventId: report.id, accepted: false });
    expect(metrics([issued, report, rejectedReport, arrested(4)])).toEqual([`notice.issued:${FJ}`]);
    const confirmed = ev(ZJ, 3, 'confirm', { reportEventId: report.id, accepted: true });
    expect(metrics([issued, report, confirmed, arrested(4)])).toEqual([
      `notice.issued:${FJ}`,
      `fugitives.intercepted:${FJ}`,
    ]);
    // A confirmed report becomes the last seen place.
    expect(foldNotice([issued, report, confirmed]).state!.lastSeen.place).toBe('犀溪检查站');
  });

  it('rejects a second verdict on the same report and malformed data', () => {
    const issued = issue();
    const s = sighting(1);
    const twice = [
      ev(ZJ, 2, 'confirm', { reportEventId: s.id, accepted: true }),
      ev(ZJ, 2, 'confirm', { reportEventId: s.id, accepted: false }),
    ];
    const bad = ev(ZJ, 2, 'update', { subject: { idNumber: '110105194912310021' } });
    const out = foldNotice([issued, s, ...twice, bad]);
    expect(out.rejected[twice[1]!.id]).toBe('the report was already confirmed');
    expect(out.rejected[bad.id]).toMatch(/^malformed update data/);
  });

  it('headline carries no name, ID number or photo', () => {
    const headline = noticeRecordType.headline!(foldNotice([issue()]).state);
    expect(JSON.stringify(headline)).not.toMatch(/李某|330302/);
    expect(headline).toEqual({
      kind: 'fugitive',
      status: 'active',
      lastSeenPlace: '罗阳镇',
      issuingStation: 'zj-luoyang',
      reviewDueAt: new Date(T0 + 30 * DAY).toISOString(),
    });
  });
});
