import { describe, expect, it } from 'vitest';
import { FJ, storyEvents, ZJ } from '../../testing/story-events.ts';
import { assistanceRecordType, foldAssistance } from './assistance-type.ts';

const ev = storyEvents('2025-06-01T00:00:00Z', 60_000);

const file = (extra: object = {}) =>
  ev(ZJ, 0, 'file', {
    requestingStation: 'zj-luoyang',
    addressedStation: 'fj-xixi',
    addressedNode: FJ,
    category: 'suspect_pursuit',
    priority: 'urgent',
    title: '协查盗窃嫌疑人',
    details: '嫌疑人驾车往寿宁方向逃窜',
    deadlines: { ackMinutes: 15, completeMinutes: 1440 },
    ...extra,
  });

describe('the assistance fold, as both nodes run it on the same events', () => {
  it('files, acknowledges, works and completes a request, with deadlines from the signed filing', () => {
    const out = foldAssistance([
      file(),
      ev(FJ, 10, 'acknowledge', {}),
      ev(FJ, 20, 'start', { remark: '已派员' }),
      ev(FJ, 300, 'complete', {
        outcome: 'intercepted',
        text: '在犀溪镇拦截',
        caseSolved: true,
        suspectsIntercepted: 1,
      }),
    ]);
    expect(out.rejected).toEqual({});
    expect(out).toMatchObject({ owner: ZJ, parties: [ZJ, FJ], status: 'completed' });
    expect(out.state).toMatchObject({
      stage: 'in_progress',
      dueAckAt: '2025-06-01T00:15:00.000Z',
      dueCompleteAt: '2025-06-02T00:00:00.000Z',
      acknowledgedAt: '2025-06-01T00:10:00.000Z',
      completion: { outcome: 'intercepted', suspectsIntercepted: 1 },
    });
    expect(assistanceRecordType.facts?.(out).map((f) => f.metric)).toEqual([
      'assistance.filed',
      'assistance.acknowledged',
      'assistance.ack_in_time',
      'assistance.completed',
      'cases.solved',
      'fugitives.intercepted',
    ]);
  });

  it('rejects a step from the wrong side as NOT_PARTY, a step out of order as ILLEGAL_TRANSITION', () => {
    const wrongSide = ev(ZJ, 5, 'acknowledge', {});
    const tooEarly = ev(FJ, 6, 'complete', { outcome: 'not_found', text: '未发现' });
    const out = foldAssistance([file(), wrongSide, tooEarly]);
    expect(out.status).toBe('filed');
    expect(out.rejected).toEqual({
      [wrongSide.id]: 'only the addressed side may do this',
      [tooEarly.id]: 'cannot complete a request that is filed',
    });
    expect(out.refusals[wrongSide.id]?.code).toBe('NOT_PARTY');
    expect(out.refusals[tooEarly.id]?.code).toBe('ILLEGAL_TRANSITION');
  });

  it('pauses for information and resumes at the stage it had reached; only the side asked answers', () => {
    const askedByZj = ev(ZJ, 30, 'request_info', { text: '请提供车牌' });
    const zjAnswersItself = ev(ZJ, 31, 'provide_info', { text: '浙C12345' });
    const startWhileWaiting = ev(FJ, 32, 'start', {});
    const askAgain = ev(FJ, 33, 'request_info', { text: '请提供照片' });
    const out = foldAssistance([
      file(),
      ev(FJ, 10, 'acknowledge', {}),
      askedByZj,
      zjAnswersItself,
      startWhileWaiting,
      askAgain,
      ev(FJ, 40, 'provide_info', { text: '浙C12345' }),
      ev(FJ, 50, 'start', {}),
    ]);
    expect(out.rejected).toEqual({
      [zjAnswersItself.id]: 'only the side that was asked provides the information',
      [startWhileWaiting.id]: 'cannot start work on a request that is info_requested',
      [askAgain.id]: 'cannot ask for information on a request that is info_requested',
    });
    expect(out.status).toBe('in_progress');
    expect(out.state?.info.map((i) => i.kind)).toEqual(['request', 'provide']);
  });

  it('keeps unknown actions, malformed data and a second filing as rejected, without effect', () => {
    const unknown = ev(FJ, 1, 'escalate', {});
    const malformed = ev(ZJ, 2, 'withdraw', {});
    const again = file();
    const out = foldAssistance([file(), unknown, malformed, again]);
    expect(out.status).toBe('filed');
    expect(out.rejected[unknown.id]).toBe('unknown action escalate');
    expect(out.rejected[malformed.id]).toMatch(/^malformed withdraw data: /);
    expect(out.rejected[again.id]).toBe('the request is already filed');
  });

  it('a declined request is closed by the requester only; a withdrawn one is closed to every step', () => {
    const closedByPartner = ev(FJ, 20, 'close', {});
    const declined = foldAssistance([
      file(),
      ev(FJ, 10, 'decline', { reason: '不在本辖区' }),
      closedByPartner,
      ev(ZJ, 30, 'close', { rating: 4 }),
    ]);
    expect(declined.rejected).toEqual({ [closedByPartner.id]: 'only the requesting side may do this' });
    expect(declined.status).toBe('closed');
    expect(declined.state).toMatchObject({ declineReason: '不在本辖区', closure: { rating: 4 } });

    const lateAck = ev(FJ, 20, 'acknowledge', {});
    const withdrawn = foldAssistance([file(), ev(ZJ, 10, 'withdraw', { reason: '已到案' }), lateAck]);
    expect(withdrawn.rejected).toEqual({ [lateAck.id]: 'cannot acknowledge a request that is withdrawn' });
    expect(assistanceRecordType.facts?.(withdrawn).map((f) => f.metric)).toEqual([
      'assistance.filed',
      'assistance.withdrawn',
    ]);
  });

  it('the headline carries no person, vehicle or details', () => {
    const filed = file({
      subjects: {
        persons: [{ name: '李某', idNumber: '330302199001011235' }],
        vehicles: [{ plate: '浙C12345' }],
      },
    });
    const headline = JSON.stringify(assistanceRecordType.headline?.(foldAssistance([filed]).state));
    expect(headline).not.toMatch(/李某|330302|浙C12345|逃窜/);
    expect(assistanceRecordType.concernsStation?.(foldAssistance([filed]).state, 'fj-xixi')).toBe(true);
    expect(assistanceRecordType.concernsStation?.(foldAssistance([filed]).state, 'zj-other')).toBe(false);
  });
});
