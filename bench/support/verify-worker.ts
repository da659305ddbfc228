/**
 * One thread's worth of Ed25519 JWS verification, for the baseline in `baselines.ts`. Two ways per
 * round: `jose` (compactVerify, as the apply path verifies, one at a time; WebCrypto hands each
 * verification to the libuv pool and back) and `node-crypto` (synchronous `crypto.verify` of the same
 * signing input and signature: the CPU's own rate).
 */
import { createPublicKey, verify } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { compactVerify, importJWK, type JWK } from 'jose';

export type VerifyMethod = 'jose' | 'node-crypto';

const { jws, jwk } = workerData as { jws: string; jwk: JWK };
const port = parentPort!;
const joseKey = await importJWK(jwk, 'EdDSA');
const nodeKey = createPublicKey({ key: { ...jwk }, format: 'jwk' });

const verifiers: Record<VerifyMethod, () => Promise<void> | void> = {
  jose: async () => {
    await compactVerify(jws, joseKey, { algorithms: ['EdDSA'] });
  },
  'node-crypto': () => {
    const cut = jws.lastIndexOf('.');
    const ok = verify(
      null,
      Buffer.from(jws.slice(0, cut)),
      nodeKey,
      Buffer.from(jws.slice(cut + 1), 'base64url'),
    );
    if (!ok) throw new Error('the sample entry does not verify');
  },
};

// Fails early (and warms up) if the entry does not verify with the key.
for (const check of Object.values(verifiers)) await check();

port.on('message', async ({ method, durationMs }: { method: VerifyMethod; durationMs: number }) => {
  const once = verifiers[method];
  let count = 0;
  const started = performance.now();
  const until = started + durationMs;
  while (performance.now() < until) {
    await once();
    count++;
  }
  port.postMessage({ type: 'done', count, ms: performance.now() - started });
});
port.postMessage({ type: 'ready' });
