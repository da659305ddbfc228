import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestNode, type TestNode } from '../testing/index.ts';
import type { ReconcilePeer } from './reconcile-peer.ts';
import { type Difference, resolveDifferences } from './resolve-differences.ts';

describe('resolving differences in chunks', () => {
  let zj: TestNode;
  beforeAll(async () => {
    zj = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
  });
  afterAll(() => zj.destroy());

  it('keeps what the chunks before a failing one resolved, for the run report', async () => {
    let calls = 0;
    // A partner that answers the first chunk (holding none of the records either) and fails on the second.
    const partner = {
      nodeId: 'fj-shouning',
      inspect: async () => {
        if (++calls > 1) throw new Error('the partner went away');
        return { records: [], repaired: [] };
      },
    };
    const ids = Array.from({ length: 300 }, () => randomUUID());
    const resolved: Difference[] = [];
    await expect(
      resolveDifferences(
        { deps: zj.services.sync.deps, peer: partner as unknown as ReconcilePeer, peerHasOursUpTo: 0 },
        ids,
        resolved,
      ),
    ).rejects.toThrow('the partner went away');
    expect(resolved.map((d) => d.recordId)).toEqual(ids.slice(0, 200));
  });
});
