import {
  eventually,
  LINK_GENESIS,
  linkEntries,
  linkHead,
  type TestNode,
  untilSameProjections,
} from '@tiemeng/api/testing';
import { expect } from 'vitest';

const ZJ = 'zj-taishun';
const FJ = 'fj-shouning';

/**
 * zj's link to fj is one hash chain from seq 1, every entry's event stored once, every zj event on
 * it once, and the audit log verifies. Answers the entries.
 */
export async function expectOneChain(zj: TestNode) {
  const entries = await linkEntries(zj.services, ZJ, {
    to: FJ,
    columns: ['seq', 'hash', 'prev', 'event_id'],
  });
  expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
  expect(entries.map((e) => e.prev)).toEqual([LINK_GENESIS, ...entries.slice(0, -1).map((e) => e.hash)]);
  const events = await zj.services.db.selectFrom('event').select('id').where('author', '=', ZJ).execute();
  expect(entries.map((e) => e.event_id).sort()).toEqual(events.map((e) => e.id).sort());
  expect((await zj.services.audit.verify()).ok).toBe(true);
  return entries;
}

/** fj holds zj's link as zj does, and the same projections, with no incident. */
export async function expectDelivered(zj: TestNode, fj: TestNode) {
  const head = (await linkHead(zj.services, ZJ, FJ)).seq;
  await eventually(async () => (await linkHead(fj.services, ZJ, FJ)).seq === head, 'fj caught up', 30_000);
  expect(await linkEntries(fj.services, ZJ)).toEqual(await linkEntries(zj.services, ZJ));
  await untilSameProjections(fj.services, zj.services);
  expect(await fj.services.db.selectFrom('sync_incident').selectAll().execute()).toEqual([]);
}
