import type { PeerConfig } from '../config/node-config.ts';
import type { ErrorCode } from '../errors/index.ts';
import type { Signer } from '../keys/signer.ts';
import { outgoingTraceparent, TRACEPARENT_HEADER } from '../tracing/trace-context.ts';
import { issueNodeToken } from './node-token.ts';
import { type PeerFetch, peerFetch } from './peer-fetch.ts';

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

/** The head of a link: its last sequence number and entry hash. */
export interface LinkHead {
  seq: number;
  hash: string;
}

/** What a partner answers to a push: its head of the link, and what the batch added. */
export interface ApplyResult {
  head: LinkHead;
  applied: number;
  duplicates: number;
}

export interface PeerHeads {
  /** The link caller → peer, as the peer holds it (the receiver's head is the checkpoint). */
  inbound: LinkHead;
  /** The link peer → caller, as the peer holds it. */
  outbound: LinkHead;
}

/** Calls made and body bytes sent / received by one client (reconciliation reports its costs). */
export interface PeerMeter {
  calls: number;
  sent: number;
  received: number;
}

/**
 * The most a peer's answer may hold. Its largest honest answers (a pull of 500 entries, a push
 * body's worth; an inspection of 200 records with their events) stay well below; a peer sending more
 * is cut off rather than held in memory.
 */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/**
 * Calls a peer's node procedures (`sync.*`, `reconcile.*`) with a fresh node token per call. Plain
 * fetch, so the exact body bytes the token's hash covers are the ones sent.
 */
export class PeerClient {
  readonly #signer: Signer;
  readonly #peer: PeerConfig;
  readonly #meter: PeerMeter | undefined;

  readonly #maxAnswerBytes: number;
  readonly #fetch: PeerFetch;

  constructor(signer: Signer, peer: PeerConfig, meter?: PeerMeter, maxAnswerBytes = MAX_ANSWER_BYTES) {
    this.#signer = signer;
    this.#peer = peer;
    this.#fetch = peerFetch(peer);
    this.#meter = meter;
    this.#maxAnswerBytes = maxAnswerBytes;
  }

  get nodeId(): string {
    return this.#peer.nodeId;
  }

  /** Our entries of the link, in order, and (if given) our signed audit head for the peer to witness. */
  push(entries: string[], auditHead?: string): Promise<ApplyResult> {
    return this.#call('POST', 'sync.push', JSON.stringify(auditHead ? { entries, auditHead } : { entries }));
  }

  pull(afterSeq: number, limit: number): Promise<{ entries: string[]; head: LinkHead }> {
    return this.#call('GET', 'sync.pull', JSON.stringify({ afterSeq, limit }));
  }

  /** Entries of our own link (caller → peer) as the peer holds them: to recover them after a restore. */
  async pullOwn(afterSeq: number, limit: number): Promise<string[]> {
    const link = { from: this.#signer.nodeId, to: this.#peer.nodeId };
    const { entries } = await this.#call<{ entries: string[] }>(
      'GET',
      'sync.pull',
      JSON.stringify({ afterSeq, limit, link }),
    );
    return entries;
  }

  heads(): Promise<PeerHeads> {
    return this.#call('GET', 'sync.heads', '');
  }

  /** Any other node procedure of the peer: queries by GET, mutations by POST. */
  call<T>(method: 'GET' | 'POST', path: string, input?: unknown): Promise<T> {
    return this.#call(method, path, input === undefined ? '' : JSON.stringify(input));
  }

  async #call<T>(method: 'GET' | 'POST', path: string, body: string): Promise<T> {
    const url = new URL(`/trpc/${path}`, this.#peer.url);
    if (method === 'GET' && body) url.searchParams.set('input', body);
    const token = await issueNodeToken(this.#signer, this.#peer.nodeId, path, body);
    if (this.#meter) {
      this.#meter.calls++;
      this.#meter.sent += Buffer.byteLength(body);
    }
    let res: Response;
    try {
      res = await this.#fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
          ...traceHeader(),
        },
        body: method === 'POST' ? body : undefined,
        signal: AbortSignal.timeout(this.#peer.timeoutMs),
      });
    } catch (err) {
      throw new PeerCallError('UNREACHABLE', `${this.#peer.nodeId} unreachable: ${(err as Error).message}`);
    }
    const text = await textUpTo(res, this.#maxAnswerBytes).catch(() => '');
    if (text === undefined) {
      throw new PeerCallError(
        'BATCH_TOO_LARGE',
        `${this.#peer.nodeId} answered more than ${this.#maxAnswerBytes} bytes to ${path}`,
      );
    }
    if (this.#meter) this.#meter.received += Buffer.byteLength(text);
    const json = parseJson(text) as
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

/** The W3C `traceparent` of the work under way, so the partner's logs of this call join its trace. */
function traceHeader(): Record<string, string> {
  const traceparent = outgoingTraceparent();
  return traceparent ? { [TRACEPARENT_HEADER]: traceparent } : {};
}

/** The answer's body as text, or undefined (the rest left unread) once it exceeds `limit` bytes. */
async function textUpTo(res: Response, limit: number): Promise<string | undefined> {
  if (!res.body) return '';
  if (Number(res.headers.get('content-length')) > limit) {
    await res.body.cancel();
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early cancels the stream.
  for await (const chunk of res.body) {
    size += chunk.byteLength;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
