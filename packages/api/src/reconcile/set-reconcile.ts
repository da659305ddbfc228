import {
  EMPTY,
  FANOUT,
  type Fingerprint,
  type Item,
  packFingerprints,
  packIds,
  packItems,
  sameFingerprint,
  unpackFingerprints,
  unpackIds,
  unpackItems,
} from './fingerprint-codec.ts';

/**
 * Range-based set reconciliation over the records two nodes share (Negentropy-style, see DESIGN §10).
 *
 * Every shared record has a uniform key `rkey` (16 hex of SHA-256 of its id) and a 64-bit fingerprint
 * `fp` of (id, state_hash). A bucket is an rkey hex prefix; its fingerprint is (count, XOR of fp), so a
 * bucket's fingerprint is computed by one indexed range aggregate and equal buckets are skipped whole.
 * Both sides run the same `step`: for each range the other side described by its children's
 * fingerprints, compare with ours and, for each differing child, answer either our fingerprints of its
 * 16 children (descend) or, when we hold at most ITEM_LIMIT records there, our items (id, fp). A side
 * receiving items lists the ids that differ. Every message descends a level, so a round trip descends
 * two: d differences among n records cost about log16(n)/2 + 1 round trips and O(d · log16 n)
 * fingerprints, whatever n is (10 among 100,000: 3 round trips, ~10 KB).
 */

/** Buckets holding at most this many records are sent as items instead of being split again. */
export const ITEM_LIMIT = 16;
/** Length of `rkey`: a bucket with a full-length prefix cannot be split. */
export const KEY_HEX = 16;
const HEX = '0123456789abcdef';

/** One side's shared records, read by bucket. */
export interface FingerprintStore {
  /** For each prefix, the fingerprints of its 16 children (empty children included). */
  children(prefixes: readonly string[]): Promise<Map<string, Fingerprint[]>>;
  /** For each prefix, the items under it in key order: all, or the first `limit`. */
  items(prefixes: readonly string[], limit?: number): Promise<Map<string, Item[]>>;
}

/** A range on the wire: `f` = packed fingerprints of the prefix's children; `i` = packed items under it. */
export type WireRange = { p: string; f: string } | { p: string; i: string };

export interface ExchangeMessage {
  ranges: WireRange[];
}

export interface ExchangeAnswer {
  ranges: WireRange[];
  /** Packed ids of records found to differ from the items the asker sent. */
  d: string;
}

/** The initiator's opening message: our fingerprints of the root's 16 children. */
export async function openingRanges(
  store: FingerprintStore,
): Promise<{ ranges: WireRange[]; total: number }> {
  const root = (await store.children([''])).get('') ?? Array(FANOUT).fill(EMPTY);
  return { ranges: [{ p: '', f: packFingerprints(root) }], total: root.reduce((s, c) => s + c.n, 0) };
}

/**
 * One step of either side: answers the ranges the other side sent. Returns the ranges to send back and
 * the ids of records found to differ (from item lists the other side sent).
 */
export async function step(
  store: FingerprintStore,
  incoming: readonly WireRange[],
): Promise<{ ranges: WireRange[]; differing: string[] }> {
  // Everything the other side sent is decoded (and refused if malformed) before any of ours is read.
  const described = incoming
    .filter((r): r is { p: string; f: string } => 'f' in r)
    .map((r) => ({ p: r.p, theirs: unpackFingerprints(r.f) }));
  const listed = incoming
    .filter((r): r is { p: string; i: string } => 'i' in r)
    .map((r) => ({ p: r.p, theirs: unpackItems(r.i) }));
  const ours = await store.children(described.map((r) => r.p));

  const split: string[] = [];
  const enumerate: string[] = [];
  for (const { p, theirs } of described) {
    const mine = ours.get(p) ?? Array(FANOUT).fill(EMPTY);
    for (let i = 0; i < FANOUT; i++) {
      if (sameFingerprint(mine[i]!, theirs[i]!)) continue;
      const child = p + HEX[i];
      // Small buckets end the descent: their items are cheaper than another level of fingerprints.
      if (mine[i]!.n <= ITEM_LIMIT || child.length >= KEY_HEX) enumerate.push(child);
      else split.push(child);
    }
  }
  const [splitPrints, items] = await Promise.all([
    store.children(split),
    store.items([...enumerate, ...listed.map((r) => r.p)], ITEM_LIMIT + 1),
  ]);
  // Items the other side listed are compared with ours only where our bucket is small too. Where we
  // hold more, we describe the bucket instead and the descent goes on: no message makes either side
  // read, and send, a large part of its records at once.
  const small = (p: string) => items.get(p)!.length <= ITEM_LIMIT || p.length >= KEY_HEX;
  const compared = listed.filter((r) => small(r.p));
  const large = listed.filter((r) => !small(r.p)).map((r) => r.p);
  const largePrints = await store.children(large);
  const prints = (p: string) => splitPrints.get(p) ?? largePrints.get(p) ?? Array(FANOUT).fill(EMPTY);
  const ranges: WireRange[] = [
    ...[...split, ...large].map((p) => ({ p, f: packFingerprints(prints(p)) })),
    ...enumerate.map((p) => ({ p, i: packItems(items.get(p) ?? []) })),
  ];
  const differing = compared.flatMap(({ p, theirs }) => itemDifference(items.get(p) ?? [], theirs));
  return { ranges, differing };
}

/** The responder's whole answer to one exchange message. */
export async function answer(store: FingerprintStore, message: ExchangeMessage): Promise<ExchangeAnswer> {
  const { ranges, differing } = await step(store, message.ranges);
  return { ranges, d: packIds(differing) };
}

export interface ReconcileCosts {
  roundTrips: number;
  /** Bucket fingerprints sent by both sides. */
  buckets: number;
  /** Item lists sent by both sides. */
  itemLists: number;
}

/**
 * The initiator's loop: exchanges messages until no range is left open. Stops early once `limit`
 * differing ids are known (the rest wait for the next run). `maxRanges` bounds one message.
 */
export async function reconcileSets(
  store: FingerprintStore,
  exchange: (message: ExchangeMessage) => Promise<ExchangeAnswer>,
  options: { limit: number; maxRanges: number },
): Promise<{ differing: string[]; total: number; truncated: boolean; costs: ReconcileCosts }> {
  const costs: ReconcileCosts = { roundTrips: 0, buckets: 0, itemLists: 0 };
  const count = (ranges: readonly WireRange[]) => {
    for (const r of ranges) {
      if ('f' in r) costs.buckets += FANOUT;
      else costs.itemLists++;
    }
  };
  const opening = await openingRanges(store);
  const found = new Set<string>();
  let open = opening.ranges;
  let truncated = false;
  for (let level = 0; open.length > 0 && !truncated; level++) {
    // Every message descends at least one level of a KEY_HEX-deep tree: a peer that keeps ranges
    // open longer is not following the protocol.
    if (level > KEY_HEX) throw new Error('the peer keeps set reconciliation open beyond the key length');
    const next: WireRange[] = [];
    for (let at = 0; at < open.length; at += options.maxRanges) {
      if (found.size >= options.limit) {
        truncated = true;
        break;
      }
      const message = { ranges: open.slice(at, at + options.maxRanges) };
      count(message.ranges);
      const reply = await exchange(message);
      costs.roundTrips++;
      count(reply.ranges);
      for (const id of unpackIds(reply.d)) found.add(id);
      const mine = await step(store, reply.ranges);
      for (const id of mine.differing) found.add(id);
      next.push(...mine.ranges);
    }
    open = next;
  }
  const differing = [...found].sort();
  return {
    differing: differing.slice(0, options.limit),
    total: opening.total,
    truncated: truncated || differing.length > options.limit,
    costs,
  };
}

/** Ids present on one side only, or on both with different fingerprints. */
export function itemDifference(ours: readonly Item[], theirs: readonly Item[]): string[] {
  const mine = new Map(ours.map((i) => [i.id, i.fp]));
  const out = new Set<string>();
  for (const t of theirs) {
    if (mine.get(t.id) !== t.fp) out.add(t.id);
    mine.delete(t.id);
  }
  for (const id of mine.keys()) out.add(id);
  return [...out];
}
