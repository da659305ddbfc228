import { execFile } from 'node:child_process';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callerFor, startTestNode, type TestNode } from '../testing/index.ts';

const run = promisify(execFile);
const message = Buffer.from('a filing signed by whoever holds the dump');

/**
 * Everything in a plain `pg_dump` of the node's database that could be an Ed25519 private key (any
 * 32-byte base64url token), tried as one: does it sign what one of the node's public keys verifies?
 */
async function usableKeysInDump(node: TestNode): Promise<number> {
  const { stdout: dump } = await run('pg_dump', ['--no-owner', node.connectionString], {
    maxBuffer: 256 * 1024 * 1024,
  });
  const candidates = new Set(dump.match(/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g) ?? []);
  const publicKeys = node.services.keys.jwks.keys.map((jwk) =>
    createPublicKey({ key: { ...jwk }, format: 'jwk' }),
  );
  let usable = 0;
  for (const candidate of candidates) {
    const seed = Buffer.from(candidate, 'base64url');
    if (seed.length !== 32) continue;
    // PKCS#8 for an Ed25519 seed: the fixed prefix, then the 32 bytes.
    const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
    const signature = sign(null, message, createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
    if (publicKeys.some((key) => verify(null, message, key, signature))) usable++;
  }
  return usable;
}

describe('the signing key outside the database dump', () => {
  let sealed: TestNode;
  let plain: TestNode;
  beforeAll(async () => {
    sealed = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
    // The same node without a key-encryption key: its dump holds the key, so the search can find one.
    plain = await startTestNode({
      serverUrl: inject('testServerUrl'),
      side: 'fj',
      extra: { keys: undefined },
    });
  });
  afterAll(async () => {
    await sealed.destroy();
    await plain.destroy();
  });

  it('a dump of the database holds no key that signs, before and after a rotation; the node still signs with every key', async () => {
    expect(await usableKeysInDump(plain)).toBe(1);

    expect(await usableKeysInDump(sealed)).toBe(0);
    const admin = await callerFor(sealed.services).auth.login({
      username: 'zj.admin',
      password: 'tiemeng-demo',
    });
    const rotated = await callerFor(sealed.services, admin.officer).admin.keys.rotate();
    expect(rotated.keys).toHaveLength(2);
    expect(await usableKeysInDump(sealed)).toBe(0);

    // Tokens signed with the new key verify; so do the node's own signatures after a restart-like reload.
    const token = await callerFor(sealed.services).auth.login({
      username: 'zj.duty',
      password: 'tiemeng-demo',
    });
    expect(token.token.split('.')[0]).toBeTruthy();
    const res = await fetch(`${sealed.url}/trpc/auth.me`, {
      headers: { authorization: `Bearer ${token.token}` },
    });
    expect(res.status).toBe(200);
    const [row] = await sealed.services.db.selectFrom('node_key').select('private_jwk').execute();
    expect(row!.private_jwk).toMatchObject({ kty: 'sealed', alg: 'A256GCM' });
  });
});
