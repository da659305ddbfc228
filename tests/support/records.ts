import { eventually, rowCount, type TestNode, type TestPair } from '@tiemeng/api/testing';
import type { AuditLogTable } from '@tiemeng/db';
import { expect } from 'vitest';

/** The projection of a record on one node, as compared between nodes. */
export async function projectionOf(node: TestNode, id: string) {
  return (
    (await node.services.db
      .selectFrom('record_projection')
      .select(['status', 'state', 'state_hash', 'timeline'])
      .where('record_id', '=', id)
      .executeTakeFirst()) ?? null
  );
}

/** Waits until both nodes hold the same projection of the record (status, state, hash, timeline) and returns it. */
export async function sameOnBoth(pair: TestPair, id: string) {
  await eventually(
    async () =>
      JSON.stringify(await projectionOf(pair.zj, id)) === JSON.stringify(await projectionOf(pair.fj, id)),
    'both nodes hold the same projection',
  );
  return (await projectionOf(pair.zj, id))!;
}

/** What both nodes must agree on about a record read over the API: everything but how each sees the signatures (own vs verified). */
export const sharedView = <E extends { signature: unknown }>(r: {
  status: unknown;
  state: unknown;
  stateHash: unknown;
  timeline: E[];
}) => ({
  status: r.status,
  state: r.state,
  stateHash: r.stateHash,
  timeline: r.timeline.map(({ signature: _, ...event }) => event),
});

/**
 * The chosen columns of a node's newest audit row, leaving out the peer's routine sync calls that
 * succeed: its delivery worker pulls about once a second, and would otherwise slip in between.
 */
export function lastAudit<C extends keyof AuditLogTable & string>(node: TestNode, columns: readonly C[]) {
  return node.services.db
    .selectFrom('audit_log')
    .select(columns)
    .where((eb) => eb.not(eb.and([eb('actor_type', '=', 'node'), eb('outcome', '=', 'ok')])))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
}

/** The statistic facts a node holds for a record, comparable between nodes. */
export async function statFacts(node: TestNode, id: string) {
  const rows = await node.services.db
    .selectFrom('stat_fact')
    .select(['metric', 'at', 'from_node', 'to_node', 'station', 'category', 'value'])
    .where('record_id', '=', id)
    .orderBy('metric')
    .execute();
  return rows.map((r) => ({ ...r, at: (r.at as Date).toISOString(), value: Number(r.value) }));
}

export const eventCount = (node: TestNode) => rowCount(node.services.db.selectFrom('event'));

/** A refused call writes no event and leaves an audit row naming the procedure and the error code. */
export async function expectRefused(
  node: TestNode,
  call: () => Promise<unknown>,
  code: string,
  procedure: string,
) {
  const before = await eventCount(node);
  await expect(call()).rejects.toMatchObject({ appCode: code });
  expect(await eventCount(node)).toBe(before);
  expect(await lastAudit(node, ['procedure', 'outcome', 'error_code'])).toMatchObject({
    procedure,
    error_code: code,
  });
}
