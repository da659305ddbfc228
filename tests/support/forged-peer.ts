import { createHash, randomUUID } from 'node:crypto';
import { ENTRY_TYP, LINK_GENESIS, startTestNode, type TestNode } from '@tiemeng/api/testing';
import { CompactSign, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { v7 as uuidv7 } from 'uuid';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/**
 * A peer node whose private key the test holds, so it can sign honest entries and node tokens —
 * and dishonest ones.
 */
export class ForgedPeer {
  readonly nodeId: string;
  readonly kid: string;
  #key: Key;
  readonly publicJwk: Record<string, string>;
  readonly recordId = randomUUID();

  private constructor(nodeId: string, kid: string, key: Key, publicJwk: Record<string, string>) {
    this.nodeId = nodeId;
    this.kid = kid;
    this.#key = key;
    this.publicJwk = publicJwk;
  }

  static async create(nodeId: string): Promise<ForgedPeer> {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const kid = `${nodeId}.test-key`;
    const jwk = (await exportJWK(publicKey)) as Record<string, string>;
    return new ForgedPeer(nodeId, kid, privateKey, { ...jwk, kid });
  }

  /** A v1 entry of the link this peer → `to`, creating or editing a test note. */
  async entry(
    to: string,
    seq: number,
    prev: string,
    over: { payload?: Record<string, unknown>; key?: Key; kid?: string } = {},
  ) {
    const payload = {
      v: 1,
      id: uuidv7(),
      from: this.nodeId,
      to,
      seq,
      prev,
      hlc: `${String(Date.now()).padStart(15, '0')}.${String(seq).padStart(6, '0')}`,
      actor: { officer: 'o-1', station: 'fj-xixi', roles: ['officer'] },
      record: { type: 'test.note', id: this.recordId },
      kind: seq === 1 ? 'create' : 'edit',
      data: seq === 1 ? { title: 'forged peer note', parties: [to] } : { text: `edit ${seq}` },
      ...over.payload,
    };
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'EdDSA', kid: over.kid ?? this.kid, typ: ENTRY_TYP })
      .sign(over.key ?? this.#key);
    return { jws, hash: sha256(jws), payload };
  }

  /** A chain of `n` honest entries starting at seq 1. */
  async chain(to: string, n: number) {
    const out = [];
    let prev = LINK_GENESIS;
    for (let seq = 1; seq <= n; seq++) {
      const e = await this.entry(to, seq, prev);
      out.push(e);
      prev = e.hash;
    }
    return out;
  }

  /** A node token for calling `aud`'s `sync.push` (or `over.proc`) with this exact body. */
  token(
    aud: string,
    body: string,
    over: { iss?: string; expSeconds?: number; jti?: string; key?: Key; proc?: string } = {},
  ) {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ jti: over.jti ?? randomUUID(), proc: over.proc ?? 'sync.push', bh: sha256(body) })
      .setProtectedHeader({ alg: 'EdDSA', kid: this.kid, typ: 'node+jwt' })
      .setIssuer(over.iss ?? this.nodeId)
      .setAudience(aud)
      .setIssuedAt(now)
      .setExpirationTime(now + (over.expSeconds ?? 30))
      .sign(over.key ?? this.#key);
  }

  static async otherKey(): Promise<Key> {
    return (await generateKeyPair('EdDSA', { crv: 'Ed25519' })).privateKey;
  }
}

/** POSTs to a node's sync.push with the given token and body; returns status and parsed JSON. */
export async function push(url: string, token: string, body: string) {
  const res = await fetch(`${url}/trpc/sync.push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });
  // biome-ignore lint/suspicious/noExplicitAny: assertion target
  return { status: res.status, json: (await res.json()) as any };
}

/** A zj node (on a database of `serverUrl`) that knows `peer` as its partner, by the key the test holds. */
export function startNodeTrusting(serverUrl: string, peer: ForgedPeer): Promise<TestNode> {
  return startTestNode({
    serverUrl,
    side: 'zj',
    extra: {
      peers: [
        {
          nodeId: peer.nodeId,
          url: 'http://127.0.0.1:9',
          keys: [peer.publicJwk as never],
          stations: [],
          insecure: true,
        },
      ],
    },
  });
}
