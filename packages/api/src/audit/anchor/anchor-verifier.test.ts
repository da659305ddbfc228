import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { actAs, startTestPair, type TestPair } from '../../testing/index.ts';
import { AnchorVerifier } from './anchor-verifier.ts';

/** Years of hourly runs leave a peer more anchors than one check reads: the check must say so. */
describe('a peer holding more anchors than one check reads', () => {
  let pair: TestPair;
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'));
  });
  afterAll(() => pair.destroy());

  it('is reported as compared in part, not as a plain ok', async () => {
    const command = await actAs(pair.zj, 'zj.command');
    for (let run = 0; run < 3; run++) await command.reconcile.run({});
    const { services } = pair.zj;
    const verifier = (limits: { pageSize: number; maxPages: number }) =>
      new AnchorVerifier({
        db: services.db,
        nodeId: services.config.nodeId,
        signer: services.signer,
        peers: services.config.peers,
        limits,
      });
    const [inPart] = (await verifier({ pageSize: 1, maxPages: 2 }).check()).peers;
    expect(inPart).toMatchObject({ status: 'ok', checked: 2, incomplete: true });
    expect(inPart!.reason).toBe('only the oldest 2 anchors fj-shouning holds were compared');
    const [justAll] = (await verifier({ pageSize: 1, maxPages: 3 }).check()).peers;
    expect(justAll).toMatchObject({ status: 'ok', checked: 3 });
    expect(justAll!.incomplete).toBeUndefined();
    const [whole] = (await verifier({ pageSize: 500, maxPages: 400 }).check()).peers;
    expect(whole).toMatchObject({ status: 'ok', checked: 3 });
    expect(whole!.incomplete).toBeUndefined();
  });
});
