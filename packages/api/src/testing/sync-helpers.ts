import { randomUUID } from 'node:crypto';
import type { LinkEntryTable } from '@tiemeng/db';
import { type AppendResult, appendEvent } from '../events/append-event.ts';
import type { NodeServices } from '../node/node-services.ts';
import { readLinkHead } from '../sync/sql/lock-link-head.ts';

const systemActor = { officer: null, station: null, roles: [] };

/** Authors a test.note event through the engine's one append call. */
export function writeNote(
  services: NodeServices,
  note: { recordId?: string; kind: 'create' | 'edit' | 'close'; data?: unknown },
): Promise<AppendResult & { recordId: string }> {
  const recordId = note.recordId ?? randomUUID();
  return services.db.transaction().execute(async (trx) => ({
    recordId,
    ...(await appendEvent(trx, services.sync.deps, {
      recordType: 'test.note',
      recordId,
      kind: note.kind,
      data: note.data ?? {},
      actor: systemActor,
    })),
  }));
}

/** Polls until `check` returns true (bounded; fails with `what` after `timeoutMs`). */
export async function eventually(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

/** The projection rows of a node, keyed by record id, for comparing nodes. */
export async function projections(services: NodeServices) {
  const rows = await services.db
    .selectFrom('record_projection')
    .select(['record_id', 'status', 'state_hash'])
    .orderBy('record_id')
    .execute();
  return rows;
}

/** Whether two nodes hold the same projection rows, as read by `read` (all of them, by default). */
export async function sameProjections(
  a: NodeServices,
  b: NodeServices,
  read: (services: NodeServices) => Promise<unknown> = projections,
): Promise<boolean> {
  return JSON.stringify(await read(a)) === JSON.stringify(await read(b));
}

/** Waits until two nodes hold the same projection rows (bounded, like `eventually`). */
export function untilSameProjections(a: NodeServices, b: NodeServices): Promise<void> {
  return eventually(() => sameProjections(a, b), 'projections equal');
}

/** Head of link from → to as stored on a node (seq 0 and the genesis hash before the first entry). */
export function linkHead(services: NodeServices, from: string, to: string) {
  return readLinkHead(services.db, from, to);
}

/**
 * The entries of link from → to stored on a node (every recipient when `to` is omitted), by seq,
 * with the chosen columns (seq and hash unless told).
 */
export function linkEntries<C extends keyof LinkEntryTable & string = 'seq' | 'hash'>(
  services: NodeServices,
  from: string,
  options: { to?: string; columns?: readonly C[] } = {},
) {
  const columns = options.columns ?? (['seq', 'hash'] as readonly string[] as readonly C[]);
  let query = services.db.selectFrom('link_entry').select(columns).where('from_node', '=', from);
  if (options.to !== undefined) query = query.where('to_node', '=', options.to);
  return query.orderBy('seq').execute();
}
