import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { rowCount, startTestNode, type TestNode } from '../../testing/index.ts';
import { recordIncidentOnce } from './record-incident.ts';

describe('an incident found by several processes at once', () => {
  let zj: TestNode;
  beforeAll(async () => {
    zj = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
  });
  afterAll(() => zj.destroy());

  it('is stored once', async () => {
    // Several rounds, each a different incident found by ten at once: a race shows in one of them.
    for (let seq = 1; seq <= 5; seq++) {
      const incident = {
        at: new Date(),
        peer: 'fj-shouning',
        kind: 'DIVERGENCE',
        seq,
        detail: `fj-shouning holds seq ${seq} of our link with a hash we did not sign there`,
        evidence: { peerHead: { seq, hash: 'ab'.repeat(32) } },
      };
      const stored = await Promise.all(
        Array.from({ length: 10 }, () => recordIncidentOnce(zj.services.db, incident)),
      );
      expect(stored.filter(Boolean)).toHaveLength(1);
    }
    expect(await rowCount(zj.services.db.selectFrom('sync_incident'))).toBe(5);
  });
});
