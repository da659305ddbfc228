import type { PeerConfig } from '../config/node-config.ts';
import type { ErrorCode } from '../errors/index.ts';
import type { Signer } from '../keys/signer.ts';
import type { ApplyResult } from './apply-entries.ts';
import { issueNodeToken } from './node-token.ts';
import type { LinkHead } from './sql/lock-link-head.ts';

/** A peer answered with an error (or not at all). */
export class PeerCallError extends Error {
  override name = 'PeerCallError';
  readonly appCode: ErrorCode | 'UNREACHABLE';
  readonly details: Record<string, unknown> | undefined;
  constructor(appCode: ErrorCode | 'UNREACHABLE', message: string, details?: Record<string, unknown>) {
    super(message);
    this.appCode = appCode;
    this.details = details;
  }
}

export interface PeerHeads {
  /** The link caller → peer, as the peer holds it (the receiver's head is the checkpoint). */
  inbound: LinkHead;
  /** The link peer → caller, as the peer holds it. */
  outbound: LinkHead;
}

const TIMEOUT_MS = 15_000;

/**
 * Calls a peer's `sync.*` procedures with a fresh node token per call. Plain fetch, so the exact body
 * bytes the token's hash covers are the ones sent.
 */
export class PeerClient {
  readonly #signer: Signer;
  readonly #peer: PeerConfig;

  constructor(signer: Signer, peer: PeerConfig) {
    this.#signer = signer;
    this.#peer = peer;
  }

  get nodeId(): string {
    return this.#peer.nodeId;
  }

  push(entries: string[]): Promise<ApplyResult> {
    return this.#call('POST', 'sync.push', JSON.stringify({ entries }));
  }

  pull(afterSeq: number, limit: number): Promise<{ entries: string[]; head: LinkHead }> {
    return this.#call('GET', 'sync.pull', JSON.stringify({ afterSeq, limit }));
  }

  heads(): Promise<PeerHeads> {
    return this.#call('GET', 'sync.heads', '');
  }

  async #call<T>(method: 'GET' | 'POST', path: string, body: string): Promise<T> {
    const url = new URL(`/trpc/${path}`, this.#peer.url);
    if (method === 'GET' && body) url.searchParams.set('input', body);
    const token = await issueNodeToken(this.#signer, this.#peer.nodeId, body);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
        },
        body: method === 'POST' ? body : undefined,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new PeerCallError('UNREACHABLE', `${this.#peer.nodeId} unreachable: ${(err as Error).message}`);
    }
    const json = (await res.json().catch(() => undefined)) as
      | {
          result?: { data: T };
          error?: { message: string; data?: { appCode?: ErrorCode; details?: Record<string, unknown> } };
        }
      | undefined;
    if (res.ok && json?.result) return json.result.data;
    const err = json?.error;
    throw new PeerCallError(
      err?.data?.appCode ?? 'INTERNAL',
      `${this.#peer.nodeId}: ${err?.message ?? `HTTP ${res.status}`}`,
      err?.data?.details,
    );
  }
}
