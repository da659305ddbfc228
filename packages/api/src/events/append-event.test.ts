import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../clock.ts';
import { startTestNode, type TestNode, writeNote } from '../testing/index.ts';
import { appendEvent } from './append-event.ts';
import { formatHlc, HybridLogicalClock } from './hlc.ts';

describe('an event appended by another API process of the node', () => {
  let zj: TestNode;
  beforeAll(async () => {
    zj = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
  });
  afterAll(() => zj.destroy());

  it('comes after the events already stored, though its process never saw their stamps', async () => {
    // This process has taken in a stamp 30 s ahead (a partner's clock runs ahead, within what is
    // accepted) and creates a note with it.
    zj.services.sync.deps.hlc.observe(formatHlc(Date.now() + 30_000, 0));
    const note = await writeNote(zj.services, { kind: 'create', data: { title: 'ahead' } });
    // Another process of the same node, whose clock has seen nothing of it, edits the note.
    const otherProcess = { ...zj.services.sync.deps, hlc: new HybridLogicalClock(systemClock) };
    const edit = await zj.services.db.transaction().execute((trx) =>
      appendEvent(trx, otherProcess, {
        recordType: 'test.note',
        recordId: note.recordId,
        kind: 'edit',
        data: { text: 'from the other process' },
        actor: { officer: null, station: null, roles: [] },
      }),
    );
    expect(edit.hlc > note.hlc).toBe(true);
  });
});
