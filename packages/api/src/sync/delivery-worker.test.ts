import { describe, expect, inject, it } from 'vitest';
import { captureLogs, eventually, freePort, type LogEntry, startTestNode } from '../testing/index.ts';

const ZJ = 'zj-taishun';
const FJ = 'fj-shouning';

describe('what the duty log says when the partner node cannot be reached', () => {
  const delivery = { baseBackoffMs: 20, maxBackoffMs: 50, idlePollMs: 50, pullIntervalMs: 3_600_000 };
  const failures = (entries: LogEntry[]) => entries.filter((e) => e.msg === 'delivery failed');
  const INFO = 30;
  const WARN = 40;

  it('a peer down briefly is information; down longer than warnUnreachableAfterMs, a warning', async () => {
    const logs = captureLogs(ZJ);
    const nowhere = `http://127.0.0.1:${await freePort()}`; // nothing listens there
    const zj = await startTestNode({
      serverUrl: inject('testServerUrl'),
      side: 'zj',
      urls: { zj: 'http://127.0.0.1:1', fj: nowhere },
      delivery: { ...delivery, warnUnreachableAfterMs: 400 },
      log: logs.log,
    });
    try {
      await eventually(async () => failures(logs.entries()).some((e) => e.level === WARN), 'a warning');
      const seen = failures(logs.entries());
      const firstWarn = seen.findIndex((e) => e.level === WARN);
      expect(firstWarn).toBeGreaterThan(0);
      expect(seen.slice(0, firstWarn).every((e) => e.level === INFO)).toBe(true);
      expect(seen[firstWarn]!.failingForMs).toBeGreaterThanOrEqual(400);
      expect(seen.slice(0, firstWarn).every((e) => (e.failingForMs as number) < 400)).toBe(true);
      expect(seen[0]).toMatchObject({ peer: FJ, err: expect.stringContaining('unreachable') });
    } finally {
      await zj.destroy();
    }
  });

  it('a peer that answers with a refusal is a warning at once', async () => {
    const logs = captureLogs(ZJ);
    // "fj" is zj itself here: zj refuses a node token from a node that is not its peer.
    const port = await freePort();
    const self = `http://127.0.0.1:${port}`;
    const zj = await startTestNode({
      serverUrl: inject('testServerUrl'),
      side: 'zj',
      port,
      urls: { zj: self, fj: self },
      delivery: { ...delivery, warnUnreachableAfterMs: 60_000 },
      log: logs.log,
    });
    try {
      await eventually(async () => failures(logs.entries()).length > 0, 'a failed delivery');
      expect(failures(logs.entries())[0]).toMatchObject({ level: WARN, peer: FJ });
    } finally {
      await zj.destroy();
    }
  });
});
