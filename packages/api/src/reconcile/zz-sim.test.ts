import { createHash, randomUUID } from 'node:crypto';
import { it } from 'vitest';
import { EMPTY, FANOUT, type Fingerprint, type Item } from '/work/main/packages/api/src/reconcile/fingerprint-codec.ts';
import { answer, type FingerprintStore, reconcileSets } from '/work/main/packages/api/src/reconcile/set-reconcile.ts';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
function memoryStore(items: readonly Item[]): FingerprintStore {
  const keyed = items.map((item) => ({ ...item, rkey: sha(item.id).slice(0, 16) })).sort((a,b)=>a.rkey<b.rkey?-1:1);
  const under = (p: string) => { let lo=0,hi=keyed.length; while(lo<hi){const m=(lo+hi)>>1; if(keyed[m]!.rkey<p) lo=m+1; else hi=m;} const out=[]; for(let i=lo;i<keyed.length&&keyed[i]!.rkey.startsWith(p);i++) out.push(keyed[i]!); return out; };
  return {
    async children(prefixes) {
      return new Map(prefixes.map((p) => {
          const kids: Fingerprint[] = Array.from({ length: FANOUT }, () => ({ ...EMPTY }));
          for (const k of under(p)) { const i = Number.parseInt(k.rkey[p.length]!, 16);
            const x = (BigInt(`0x${kids[i]!.x}`) ^ BigInt(`0x${k.fp}`)).toString(16).padStart(16, '0');
            kids[i] = { n: kids[i]!.n + 1, x }; }
          return [p, kids]; }));
    },
    async items(prefixes) { return new Map(prefixes.map((p) => [p, under(p).map(({ id, fp }) => ({ id, fp }))])); },
  };
}
it('sim', async () => {
  for (const n of [100_000, 1_000_000]) {
  const set = Array.from({ length: n }, () => { const id = randomUUID(); return { id, fp: sha(id).slice(0, 16) }; });
  const theirs = set.map(r=>({...r})); for (let k=0;k<10;k++) theirs[k*997]!.fp='0123456789abcdef';
  let bytes=0; const res = await reconcileSets(memoryStore(set), async (m)=>{ const r = await answer(memoryStore(theirs), m); bytes += JSON.stringify(m).length+JSON.stringify(r).length; return r;}, {limit:10000,maxRanges:1000});
  console.log(n, res.differing.length, res.costs, bytes);
  }
}, 600000);
