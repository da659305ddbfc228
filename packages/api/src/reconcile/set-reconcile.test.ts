import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EMPTY, FANOUT, type Fingerprint, type Item } from './fingerprint-codec.ts';
import { answer, type FingerprintStore, reconcileSets } from './set-reconcile.ts';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** The same buckets the SQL store computes, over an in-memory set. */
function memoryStore(items: readonly Item[]): FingerprintStore {
  const keyed = items.map((item) => ({ ...item, rkey: sha(item.id).slice(0, 16) }));
  const under = (p: string) => keyed.filter((k) => k.rkey.startsWith(p));
  return {
    async children(prefixes) {
      return new Map(
        prefixes.map((p) => {
          const kids: Fingerprint[] = Array.from({ length: FANOUT }, () => ({ ...EMPTY }));
          for (const k of under(p)) {
            const i = Number.parseInt(k.rkey[p.length]!, 16);
            const x = (BigInt(`0x${kids[i]!.x}`) ^ BigInt(`0x${k.fp}`)).toString(16).padStart(16, '0');
            kids[i] = { n: kids[i]!.n + 1, x };
          }
          return [p, kids];
        }),
      );
    },
    async items(prefixes, limit) {
      const inKeyOrder = (p: string) => under(p).sort((a, b) => (a.rkey < b.rkey ? -1 : 1));
      return new Map(
        prefixes.map((p) => [
          p,
          inKeyOrder(p)
            .slice(0, limit)
            .map(({ id, fp }) => ({ id, fp })),
        ]),
      );
    },
  };
}

function records(n: number): Item[] {
  return Array.from({ length: n }, () => {
    const id = randomUUID();
    return { id, fp: sha(`${id}state`).slice(0, 16) };
  });
}

async function run(ours: Item[], theirs: Item[]) {
  const local = memoryStore(ours);
  const remote = memoryStore(theirs);
  let bytes = 0;
  const result = await reconcileSets(
    local,
    async (message) => {
      const reply = await answer(remote, message);
      bytes += JSON.stringify(message).length + JSON.stringify(reply).length;
      return reply;
    },
    { limit: 10_000, maxRanges: 1_000 },
  );
  return { ...result, bytes };
}

describe('range-based set reconciliation', () => {
  it('equal sets cost one round trip', async () => {
    const set = records(500);
    const result = await run(set, [...set]);
    expect(result.differing).toEqual([]);
    expect(result.costs.roundTrips).toBe(1);
    expect(result.total).toBe(500);
  });

  it('finds changed, missing and extra records exactly', async () => {
    const set = records(3_000);
    const theirs = set.map((r) => ({ ...r }));
    theirs[7]!.fp = 'ffffffffffffffff';
    const missingThere = theirs.splice(100, 1)[0]!;
    const extra = records(1)[0]!;
    theirs.push(extra);
    const result = await run(set, theirs);
    expect(result.differing).toEqual([set[7]!.id, missingThere.id, extra.id].sort());
    expect(result.costs.roundTrips).toBeLessThanOrEqual(3);
    expect(result.truncated).toBe(false);
  });

  it('either side learns every id of the other when one side is empty', async () => {
    const set = records(2_000);
    expect((await run(set, [])).differing).toEqual(set.map((r) => r.id).sort());
    expect((await run([], set)).differing).toEqual(set.map((r) => r.id).sort());
  });

  it('a message listing few items where we hold many is answered a level down, not with all of ours', async () => {
    const store = memoryStore(records(2_000));
    const reply = await answer(store, { ranges: [{ p: '', i: '' }] });
    expect(reply.d).toBe('');
    expect(reply.ranges).toEqual([{ p: '', f: expect.any(String) }]);
  });

  it('a malformed message is refused as INVALID_INPUT before anything is read', async () => {
    const store = memoryStore(records(10));
    for (const ranges of [[{ p: '', f: 'A' }], [{ p: '', i: 'AAAA' }], [{ p: '', f: 'AAAA' }]]) {
      await expect(answer(store, { ranges })).rejects.toMatchObject({ appCode: 'INVALID_INPUT' });
    }
  });

  it('stops at the limit and says so', async () => {
    const result = await reconcileSets(
      memoryStore(records(400)),
      (m) => answer(memoryStore(records(400)), m),
      { limit: 50, maxRanges: 4 },
    );
    expect(result.truncated).toBe(true);
    expect(result.differing.length).toBeLessThanOrEqual(50);
  });
});
