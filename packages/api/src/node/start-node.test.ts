import { describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { captureLogs, startTestNode, writeNote } from '../testing/index.ts';

describe('a node starting on a database whose newest event is stamped ahead of its clock', () => {
  it('warns that new events will carry that time (partners refuse stamps a minute ahead)', async () => {
    const ahead = new ManualClock(Date.now() + 24 * 3_600_000);
    const first = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj', clock: ahead });
    try {
      await writeNote(first.services, { kind: 'create', data: { title: 'stamped tomorrow' } });
      const logs = captureLogs('zj-taishun');
      const again = await startTestNode({
        serverUrl: inject('testServerUrl'),
        side: 'zj',
        connectionString: first.connectionString,
        log: logs.log,
      });
      await again.stop();
      const warning = logs
        .entries()
        .find((e) => e.msg.startsWith('the newest stored event is stamped ahead'));
      expect(warning).toMatchObject({ level: 40, aheadSeconds: expect.any(Number) });
      expect(warning!.aheadSeconds as number).toBeGreaterThan(23 * 3_600);
    } finally {
      await first.destroy();
    }
  });
});
