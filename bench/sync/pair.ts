/** The pair a sync benchmark runs on, and cheap probes of its databases. */
import { type FilingOfficer, linkHead, urgentRequest } from '@tiemeng/api/testing';
import type { JWK } from 'jose';
import pg from 'pg';
import { waitFor } from '../support/measure.ts';
import type { SplitPair } from '../support/split-pair.ts';

export const ZJ = 'zj-taishun';
export const FJ = 'fj-shouning';
/** Officers' calls in flight at zj, as at a busy shift: the sequencer groups what arrives together. */
export const CALLERS = 50;
/** Clients of the single-row INSERT baseline. */
export const BASELINE_CLIENTS = 8;

/**
 * Delivery tuned for throughput: full batches (the apply limit) and a short backoff ceiling so catch-up
 * starts soon after the partition heals. Commits wake the sender (NOTIFY); the idle poll is only the
 * fallback. The safety-net pull is kept out of the run: after a partition it would fetch the very
 * entries the push is sending, and the two would collide on fj.
 */
export const DELIVERY = {
  batchSize: 500,
  idlePollMs: 250,
  pullIntervalMs: 3_600_000,
  baseBackoffMs: 100,
  maxBackoffMs: 1_000,
};

/** Cheap reads of one node's database on a pool of its own, so probing does not queue behind the node. */
export class NodeProbe {
  readonly #pool: pg.Pool;

  constructor(node: { connectionString: string }) {
    this.#pool = new pg.Pool({ connectionString: node.connectionString, max: 2 });
  }

  /** This node's head of the link zj → fj. */
  async headSeq(): Promise<number> {
    const { rows } = await this.#pool.query<{ seq: string }>(
      'select seq from link_head where from_node = $1 and to_node = $2',
      [ZJ, FJ],
    );
    return Number(rows[0]?.seq ?? 0);
  }

  /** The newest change of any projection (the feed's `change_seq`). */
  async lastChangeSeq(): Promise<number> {
    const { rows } = await this.#pool.query<{ seq: string | null }>(
      'select max(change_seq) as seq from record_projection',
    );
    return Number(rows[0]?.seq ?? 0);
  }

  /**
   * Records whose projection changed after `afterSeq`, in change order (an index range). At fj the
   * only writer during a run is the inbound link, one batch at a time, so changes commit in order.
   */
  async changesAfter(afterSeq: number): Promise<{ recordId: string; seq: number }[]> {
    const { rows } = await this.#pool.query<{ record_id: string; change_seq: string }>(
      'select record_id, change_seq from record_projection where change_seq > $1 order by change_seq',
      [afterSeq],
    );
    return rows.map((r) => ({ recordId: r.record_id, seq: Number(r.change_seq) }));
  }

  /**
   * How many transactions wrote these records' projections here: at zj each group of filings is
   * one, at fj each applied batch (every filing is a new record).
   */
  async transactionsOf(recordIds: string[]): Promise<number> {
    const { rows } = await this.#pool.query<{ n: number }>(
      'select count(distinct change_xid)::int as n from record_projection where record_id = any($1::uuid[])',
      [recordIds],
    );
    return rows[0]!.n;
  }

  /** Count and digest of every projection's state hash, to compare nodes. */
  async projectionDigest(): Promise<{ count: number; digest: string }> {
    const { rows } = await this.#pool.query<{ count: number; digest: string }>(
      `select count(*)::int as count,
              md5(coalesce(string_agg(record_id::text || ':' || state_hash, ',' order by record_id), '')) as digest
         from record_projection`,
    );
    return rows[0]!;
  }

  /** The newest entry of the link zj → fj, exactly as signed. */
  async lastEntryJws(): Promise<string> {
    const { rows } = await this.#pool.query<{ jws: string }>(
      'select jws from link_entry where from_node = $1 and to_node = $2 order by seq desc limit 1',
      [ZJ, FJ],
    );
    if (!rows[0]) throw new Error('no entry on the link zj → fj');
    return rows[0].jws;
  }

  close(): Promise<void> {
    return this.#pool.end();
  }
}

let filed = 0;

/**
 * One urgent request from Luoyang (zj) to Xixi (fj), filed as an officer files it: `assistance.file`
 * through the in-process caller (middleware, service, the call's audit row committed with the event,
 * signed onto the link to fj). Answers the new record's id.
 */
export async function fileUrgent(officer: FilingOfficer): Promise<string> {
  return (await officer.assistance.file(urgentRequest(++filed))).id;
}

/** Waits until fj's head of the link has reached zj's. */
export async function waitCaughtUp(pair: SplitPair, peer: NodeProbe, what: string, timeoutMs: number) {
  const target = (await linkHead(pair.zj.services, ZJ, FJ)).seq;
  return waitFor(async () => (await peer.headSeq()) >= target, what, timeoutMs);
}

/** A real entry of the run, for the size-matched baselines. */
export interface EntrySample {
  jws: string;
  payloadBytes: number;
  publicJwk: JWK;
}
