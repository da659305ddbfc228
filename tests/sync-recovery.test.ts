import {
  eventually,
  freePort,
  linkHead,
  rowCount,
  startTestNode,
  type TestNode,
  writeNote,
} from '@tiemeng/api/testing';
import { afterAll, describe, expect, inject, it } from 'vitest';

const ZJ = 'zj-taishun';
const FJ = 'fj-shouning';

describe('a partner coming back up', () => {
  const nodes: TestNode[] = [];
  afterAll(() => Promise.all(nodes.map((n) => n.destroy())));

  it("is sent what waited for it at once, not after the sender's backoff", async () => {
    const serverUrl = inject('testServerUrl');
    const ports = { zj: await freePort(), fj: await freePort() };
    const urls = { zj: `http://127.0.0.1:${ports.zj}`, fj: `http://127.0.0.1:${ports.fj}` };
    // zj's retries, once failing, wait 30–60 s: only fj announcing itself can explain a prompt delivery.
    // Neither side pulls on its own schedule within the test.
    const patient = {
      baseBackoffMs: 60_000,
      maxBackoffMs: 60_000,
      idlePollMs: 500,
      pullIntervalMs: 3_600_000,
    };
    const zj = await startTestNode({ serverUrl, side: 'zj', urls, port: ports.zj, delivery: patient });
    nodes.push(zj);
    await writeNote(zj.services, { kind: 'create', data: { title: 'while fj is down', parties: [FJ] } });
    const failing = zj.services.db.selectFrom('peer_delivery').where('failures', '>', 0);
    await eventually(async () => (await rowCount(failing)) > 0, 'zj failing to reach fj');

    const fj = await startTestNode({ serverUrl, side: 'fj', urls, port: ports.fj, delivery: patient });
    nodes.push(fj);
    // fj's first safety-net pull may fetch the first note; the next one can only come by zj's push.
    await eventually(async () => (await linkHead(fj.services, ZJ, FJ)).seq === 1, 'the first note at fj');
    await writeNote(zj.services, { kind: 'create', data: { title: 'after fj is back', parties: [FJ] } });
    await eventually(async () => (await linkHead(fj.services, ZJ, FJ)).seq === 2, 'the second note pushed');
    expect(await rowCount(failing)).toBe(0);
  });
});
