import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { PeerConfig } from '../../config/node-config.ts';
import type { Signer } from '../../keys/signer.ts';
import { PeerClient } from '../../peer/peer-client.ts';
import { lostIn, type RestoreCut, readRestoreCuts } from '../restore-cut.ts';
import { type AnchorClaims, verifyAnchor } from './anchor-jws.ts';
import { auditHashes } from './sql/audit-hashes.ts';

/** What one peer's anchors say about our audit chain. */
export interface PeerAnchorCheck {
  peer: string;
  /** `none`: the peer holds no anchor of ours yet; `unreachable`: anchors could not be checked. */
  status: 'ok' | 'mismatch' | 'unreachable' | 'none';
  /** Anchors checked (signed by us, held by the peer). */
  checked: number;
  /** The newest anchored row. */
  latestRowId: number | null;
  /** First anchored row whose hash we no longer have, and the last one that still matched. */
  brokenRowId?: number;
  lastGoodRowId?: number | null;
  /** Anchors the peer returned that we did not sign (ignored). */
  invalid?: number;
  /**
   * Anchors of rows a restore of this node lost (signed before it, of rows after its backup's last):
   * per restore, the range of lost rows they name. Evidence of the restore, not of tampering.
   */
  lostInRestore?: LostInRestore[];
  /** Set when the peer holds more anchors than one check reads: only the oldest were compared. */
  incomplete?: true;
  reason?: string;
}

/** What one restore lost, as a peer's anchors show it. */
export interface LostInRestore extends RestoreCut {
  /** The lost rows the peer had anchored: from the first after the backup to the newest anchored. */
  lostRows: { from: number; to: number };
  anchors: number;
}

export interface AnchorSection {
  /**
   * False when any peer's anchor contradicts our chain (unreachable peers do not make it false;
   * anchors of rows lost by a restore recorded in the chain do not either: see `restores`).
   */
  ok: boolean;
  peers: PeerAnchorCheck[];
  /** The restores recorded in our chain (`cli.restore` rows), oldest first. */
  restores?: RestoreCut[];
}

/** Anchors per request to the peer, and requests per check: one check reads at most 200,000. */
const LIMITS = { pageSize: 500, maxPages: 400 };

/**
 * The witness half of `audit.verify`: fetches the anchors each peer holds for us (node-authenticated
 * `reconcile.anchors`), keeps those we really signed, and compares each anchored row's hash with our
 * chain. A superuser who rewrites audit rows (triggers disabled) and recomputes the chain passes the
 * local check but cannot reproduce the hash the peer holds.
 */
export class AnchorVerifier {
  readonly #db: Kysely<Database>;
  readonly #nodeId: string;
  readonly #signer: Signer;
  readonly #peers: readonly PeerConfig[];
  readonly #limits: typeof LIMITS;

  constructor(options: {
    db: Kysely<Database>;
    nodeId: string;
    signer: Signer;
    peers: readonly PeerConfig[];
    limits?: typeof LIMITS;
  }) {
    this.#db = options.db;
    this.#nodeId = options.nodeId;
    this.#signer = options.signer;
    this.#peers = options.peers;
    this.#limits = options.limits ?? LIMITS;
  }

  async check(): Promise<AnchorSection> {
    const cuts = await readRestoreCuts(this.#db);
    const peers = await Promise.all(this.#peers.map((p) => this.#checkPeer(p, cuts)));
    return {
      ok: peers.every((p) => p.status !== 'mismatch'),
      peers,
      ...(cuts.length ? { restores: cuts } : {}),
    };
  }

  async #checkPeer(peer: PeerConfig, cuts: readonly RestoreCut[]): Promise<PeerAnchorCheck> {
    const base = { peer: peer.nodeId, checked: 0, latestRowId: null };
    let anchors: AnchorClaims[];
    let invalid = 0;
    let incomplete = false;
    try {
      ({ anchors, invalid, incomplete } = await this.#fetch(peer));
    } catch (err) {
      return {
        ...base,
        status: 'unreachable',
        reason: `anchors could not be checked: ${(err as Error).message}`,
      };
    }
    if (anchors.length === 0) return { ...base, status: 'none', ...(invalid ? { invalid } : {}) };
    const result: PeerAnchorCheck = {
      ...base,
      status: 'ok',
      checked: anchors.length,
      latestRowId: anchors.at(-1)!.rowId,
      ...(invalid ? { invalid } : {}),
      ...(incomplete
        ? {
            incomplete: true,
            reason: `only the oldest ${this.#limits.maxPages * this.#limits.pageSize} anchors ${peer.nodeId} holds were compared`,
          }
        : {}),
    };
    let lastGood: number | null = null;
    const lost = new Map<number, LostInRestore>();
    /** The check's result so far, with what restores lost and why that is no mismatch. */
    const withLost = (r: PeerAnchorCheck): PeerAnchorCheck => {
      if (lost.size === 0) return r;
      const lostInRestore = [...lost.values()];
      const said = lostInRestore.map(
        (l) =>
          `audit rows ${l.lostRows.from}..${l.lostRows.to} were lost by the restore at ${l.restoredAt}` +
          ` from the backup${l.backupTakenAt ? ` taken at ${l.backupTakenAt}` : ''} (row ${l.restoreRowId}):` +
          ` ${peer.nodeId} holds ${l.anchors} anchor(s) of them`,
      );
      return { ...r, lostInRestore, reason: [r.reason, ...said].filter(Boolean).join('; ') };
    };
    for (let at = 0; at < anchors.length; at += 1_000) {
      const chunk = anchors.slice(at, at + 1_000);
      const ours = await auditHashes(
        this.#db,
        chunk.map((a) => a.rowId),
      );
      for (const anchor of chunk) {
        const hash = ours.get(anchor.rowId);
        if (hash === anchor.hash) {
          lastGood = anchor.rowId;
          continue;
        }
        // A row a restore recorded in the chain lost: the restore is the explanation, stated as such.
        const cut = lostIn(cuts, anchor);
        if (cut) {
          const seen = lost.get(cut.restoreRowId);
          lost.set(cut.restoreRowId, {
            ...cut,
            lostRows: { from: cut.keptRowId + 1, to: Math.max(seen?.lostRows.to ?? 0, anchor.rowId) },
            anchors: (seen?.anchors ?? 0) + 1,
          });
          continue;
        }
        return withLost({
          ...result,
          status: 'mismatch',
          brokenRowId: anchor.rowId,
          lastGoodRowId: lastGood,
          reason:
            `${hash === undefined ? 'row is missing' : 'hash differs'} from the anchor ${peer.nodeId} holds ` +
            `(signed ${anchor.at}): the audit history ` +
            `${lastGood === null ? `up to row ${anchor.rowId}` : `after row ${lastGood} and up to row ${anchor.rowId}`} ` +
            'was rewritten',
        });
      }
    }
    return withLost({ ...result, lastGoodRowId: lastGood });
  }

  /** Every anchor `peer` holds for us, by row id; only those our own keys verify count. */
  async #fetch(peer: PeerConfig): Promise<{ anchors: AnchorClaims[]; invalid: number; incomplete: boolean }> {
    const client = new PeerClient(this.#signer, peer);
    const ownKeys = this.#signer.ownKeySet();
    const anchors: AnchorClaims[] = [];
    let invalid = 0;
    let afterRowId = 0;
    let incomplete = true;
    const { pageSize, maxPages } = this.#limits;
    for (let page = 0; page < maxPages; page++) {
      const { anchors: batch } = await client.call<{ anchors: { rowId: number; jws: string }[] }>(
        'GET',
        'reconcile.anchors',
        { afterRowId, limit: pageSize },
      );
      for (const { jws } of batch) {
        try {
          anchors.push(await verifyAnchor(jws, ownKeys, { node: this.#nodeId, witness: peer.nodeId }));
        } catch {
          invalid++;
        }
      }
      if (batch.length < pageSize) {
        incomplete = false;
        break;
      }
      afterRowId = batch.at(-1)!.rowId;
    }
    if (incomplete) {
      // Every page was full: incomplete only if the peer holds one more.
      const { anchors: more } = await client.call<{ anchors: unknown[] }>('GET', 'reconcile.anchors', {
        afterRowId,
        limit: 1,
      });
      incomplete = more.length > 0;
    }
    anchors.sort((a, b) => a.rowId - b.rowId);
    return { anchors, invalid, incomplete };
  }
}
