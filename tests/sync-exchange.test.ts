import {
  eventually,
  linkEntries,
  linkHead,
  projections,
  startTestPair,
  type TestPair,
  untilSameProjections,
  writeNote,
} from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

describe('two nodes exchange signed events both ways', () => {
  let pair: TestPair;
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'));
  });
  afterAll(() => pair.destroy());

  it('delivers events in both directions and both nodes fold the same state and state_hash', async () => {
    const zj = pair.zj.services;
    const fj = pair.fj.services;
    const a = await writeNote(zj, { kind: 'create', data: { title: 'from zj', parties: ['fj-shouning'] } });
    const b = await writeNote(fj, { kind: 'create', data: { title: 'from fj', parties: ['zj-taishun'] } });
    await eventually(
      async () => (await projections(zj)).length === 2 && (await projections(fj)).length === 2,
      'both records on both nodes',
    );
    await writeNote(fj, { recordId: a.recordId, kind: 'edit', data: { text: 'fj adds' } });
    await writeNote(zj, { recordId: b.recordId, kind: 'edit', data: { text: 'zj adds' } });
    await writeNote(zj, { recordId: a.recordId, kind: 'close' });

    await eventually(
      async () =>
        (await linkHead(fj, 'zj-taishun', 'fj-shouning')).seq === 3 &&
        (await linkHead(zj, 'fj-shouning', 'zj-taishun')).seq === 2,
      'both links delivered',
    );
    // On a timeout, the assertion below shows the difference.
    await untilSameProjections(zj, fj).catch(() => {});
    expect(await projections(fj)).toEqual(await projections(zj));
    const rows = await projections(zj);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.record_id === a.recordId)?.status).toBe('closed');
    // The chains are the same bytes on both sides.
    const columns = ['seq', 'hash', 'jws'] as const;
    const zjLink = await linkEntries(zj, 'zj-taishun', { columns });
    const fjCopy = await linkEntries(fj, 'zj-taishun', { columns });
    expect(fjCopy).toEqual(zjLink);
  });

  it('refuses locally an event its own fold rejects, writing nothing', async () => {
    const zj = pair.zj.services;
    const note = await writeNote(zj, { kind: 'create', data: { title: 't', parties: ['fj-shouning'] } });
    await writeNote(zj, { recordId: note.recordId, kind: 'close' });
    const before = await linkHead(zj, 'zj-taishun', 'fj-shouning');
    await expect(
      writeNote(zj, { recordId: note.recordId, kind: 'edit', data: { text: 'late' } }),
    ).rejects.toMatchObject({
      appCode: 'ILLEGAL_TRANSITION',
    });
    expect(await linkHead(zj, 'zj-taishun', 'fj-shouning')).toEqual(before);
  });

  it('sends a record only to its parties', async () => {
    const zj = pair.zj.services;
    const before = await linkHead(zj, 'zj-taishun', 'fj-shouning');
    await writeNote(zj, { kind: 'create', data: { title: 'internal only', parties: [] } });
    expect(await linkHead(zj, 'zj-taishun', 'fj-shouning')).toEqual(before);
  });
});
