import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { EMPTY, FANOUT, type Fingerprint, type Item } from './fingerprint-codec.ts';
import type { FingerprintStore } from './set-reconcile.ts';
import { bucketItems } from './sql/bucket-items.ts';
import { childrenFingerprints } from './sql/children-fingerprints.ts';

/** The records this node shares with `peer` (parties include both), as a fingerprint store. Prefixes are deduplicated (a repeated one would count its records twice). */
export function projectionStore(db: Kysely<Database>, self: string, peer: string): FingerprintStore {
  const parties = [self, peer];
  return {
    async children(prefixes) {
      const out = new Map<string, Fingerprint[]>(
        prefixes.map((p) => [p, Array.from({ length: FANOUT }, () => EMPTY)]),
      );
      for (const row of await childrenFingerprints(db, parties, [...out.keys()])) {
        out.get(row.prefix)![Number.parseInt(row.child.at(-1)!, 16)] = { n: row.n, x: row.x };
      }
      return out;
    },
    async items(prefixes, limit) {
      const out = new Map<string, Item[]>(prefixes.map((p) => [p, []]));
      for (const row of await bucketItems(db, parties, [...out.keys()], limit)) {
        out.get(row.prefix)!.push({ id: row.id, fp: row.fp });
      }
      return out;
    },
  };
}
