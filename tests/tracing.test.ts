import { randomBytes } from 'node:crypto';
import { captureLogs, eventually, type LogEntry, startTestPair, type TestPair } from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { interceptFourSuspects } from './support/assistance.ts';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

describe('one filing followed across the border by its W3C trace id in both nodes’ logs', () => {
  const logs = { zj: captureLogs('zj-taishun'), fj: captureLogs('fj-shouning') };
  let pair: TestPair;
  let token: string;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${pair.zj.url}/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify(body),
    });
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'), { logs: { zj: logs.zj.log, fj: logs.fj.log } });
    const res = await post('auth.login', { username: 'zj.officer', password: 'tiemeng-demo' });
    token = ((await res.json()) as { result: { data: { token: string } } }).result.data.token;
  });
  afterAll(() => pair.destroy());

  it('a traceparent sent to zj appears in fj’s log lines of the same filing', async () => {
    const traceId = hex(16);
    const res = await post(
      'assistance.file',
      { ...interceptFourSuspects, requestingStation: 'zj-luoyang', addressedStation: 'fj-xixi' },
      { traceparent: `00-${traceId}-${hex(8)}-01` },
    );
    expect(res.status).toBe(200);
    const requestId = res.headers.get('x-request-id')!;
    const traced = (entries: LogEntry[]) => entries.filter((e) => e.traceId === traceId);

    // On zj: every line of the request carries its request id and the caller's trace id.
    const ofRequest = logs.zj.entries().filter((e) => e.reqId === requestId);
    expect(ofRequest.map((e) => e.msg)).toContain('call ok');
    for (const line of ofRequest) expect(line.traceId).toBe(traceId);
    expect(traced(logs.zj.entries()).find((e) => e.msg === 'call ok')).toMatchObject({
      procedure: 'assistance.file',
      reqId: requestId,
    });

    // On fj: the push that brought the filing continues the same trace (its own request id).
    await eventually(
      async () => traced(logs.fj.entries()).some((e) => e.procedure === 'sync.push' && e.msg === 'call ok'),
      'fj logs the push of the filing under the caller’s trace id',
    );
    const atFj = traced(logs.fj.entries()).find((e) => e.procedure === 'sync.push')!;
    expect(atFj).toMatchObject({ node: 'fj-shouning', traceId });
    expect(atFj.reqId).toBeTypeOf('string');
    expect(atFj.reqId).not.toBe(requestId);
  });

  it('a call without a traceparent, or with a malformed one, starts a new trace', async () => {
    for (const headers of [
      {},
      { traceparent: `00-${'0'.repeat(32)}-${hex(8)}-01` },
      { traceparent: 'garbage' },
    ]) {
      const res = await fetch(`${pair.zj.url}/trpc/auth.me`, {
        headers: { authorization: `Bearer ${token}`, ...headers },
      });
      expect(res.status).toBe(200);
      const requestId = res.headers.get('x-request-id')!;
      const lines = logs.zj.entries().filter((e) => e.reqId === requestId);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(lines[0]!.traceId).not.toBe('0'.repeat(32));
    }
  });
});
