import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestNode, type TestNode } from '../testing/index.ts';
import { PeerClient } from './peer-client.ts';

/** A partner that answers far more than any honest answer holds, with and without saying so up front. */
describe("a partner's oversized answer", () => {
  let zj: TestNode;
  const server = createServer((req, res) => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    if (req.url?.includes('sync.heads')) res.setHeader('content-length', 4 * 1024 * 1024);
    let sent = 0;
    const more = () => {
      while (sent < 4 * 1024 * 1024) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', more);
      }
      res.end();
    };
    // A partner that never answers: the configured timeout ends the call.
    if (req.url?.includes('silent')) return;
    more();
  });
  beforeAll(async () => {
    zj = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj', delivery: false });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await zj.destroy();
  });

  it('is cut off at the limit and refused as BATCH_TOO_LARGE', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = new PeerClient(
      zj.services.signer,
      { nodeId: 'fj-shouning', url, stations: [], timeoutMs: 15_000 } as never,
      undefined,
      1024 * 1024,
    );
    for (const call of [() => client.heads(), () => client.pull(0, 10)]) {
      await expect(call()).rejects.toMatchObject({ appCode: 'BATCH_TOO_LARGE' });
    }
  });

  it("gives up after the peer's configured timeoutMs, as UNREACHABLE", async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = new PeerClient(zj.services.signer, {
      nodeId: 'fj-shouning',
      url,
      stations: [],
      timeoutMs: 1000,
    } as never);
    await expect(client.call('GET', 'silent.call')).rejects.toMatchObject({
      appCode: 'UNREACHABLE',
      message: expect.stringMatching(/timeout|abort/i),
    });
  });
});
