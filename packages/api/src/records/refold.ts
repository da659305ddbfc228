import type { Database, TimelineEntry } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';
import { hashCanonical } from '../crypto/hash.ts';
import type { FoldOutput, RecordEvent, RecordType, StatFact } from './record-type.ts';
import type { RecordTypeRegistry } from './registry.ts';
import { loadRecordEvents } from './sql/load-record-events.ts';

export interface Projection {
  facts: StatFact[];
  owner: string;
  parties: string[];
  status: string;
  state: unknown;
  timeline: TimelineEntry[];
  stateHash: string;
}

/** Pure: events → the projection row's content, including the hash both nodes compare. */
export function project(type: RecordType, events: readonly RecordEvent[]): Projection {
  const out: FoldOutput<unknown> = type.fold(events);
  const timeline: TimelineEntry[] = events.map((e) => ({
    eventId: e.id,
    kind: e.kind,
    author: e.author,
    hlc: e.hlc,
    at: e.at.toISOString(),
    actor: e.actor,
    status: out.rejected[e.id] ? 'rejected' : 'accepted',
    ...(out.rejected[e.id] ? { reason: out.rejected[e.id] } : {}),
  }));
  const content = {
    type: type.type,
    owner: out.owner,
    parties: [...out.parties].sort(),
    status: out.status,
    state: out.state,
    timeline,
  };
  return { ...content, stateHash: hashCanonical(content), facts: type.facts?.(out) ?? [] };
}

/**
 * Recomputes a record's projection from its stored events, in the caller's transaction.
 * Unknown record types are stored (the chain stays whole) but not projected.
 */
export async function refoldRecord(
  db: Kysely<Database>,
  registry: RecordTypeRegistry,
  recordId: string,
): Promise<Projection | undefined> {
  const { type: typeName, events } = await loadRecordEvents(db, recordId);
  const type = registry.get(typeName);
  if (!type || events.length === 0) return undefined;
  const p = project(type, events);
  const row = {
    record_type: typeName,
    owner: p.owner,
    parties: p.parties,
    status: p.status,
    state: JSON.stringify(p.state),
    timeline: JSON.stringify(p.timeline),
    state_hash: p.stateHash,
    created_at: events[0]!.at,
    updated_at: events.at(-1)!.at,
    change_seq: await nextChangeSeq(db),
    change_xid: sql<string>`pg_current_xact_id()`,
  };
  await db
    .insertInto('record_projection')
    .values({ record_id: recordId, ...row })
    .onConflict((oc) => oc.column('record_id').doUpdateSet(row))
    .execute();
  await replaceStatFacts(db, recordId, p.facts);
  return p;
}

async function replaceStatFacts(db: Kysely<Database>, recordId: string, facts: StatFact[]) {
  await db.deleteFrom('stat_fact').where('record_id', '=', recordId).execute();
  if (facts.length === 0) return;
  await db
    .insertInto('stat_fact')
    .values(
      facts.map((f) => ({
        record_id: recordId,
        metric: f.metric,
        at: new Date(f.at),
        from_node: f.fromNode,
        to_node: f.toNode,
        station: f.station,
        category: f.category ?? null,
        priority: f.priority ?? null,
        value: f.value,
      })),
    )
    .execute();
}

/** The next feed cursor, and the transaction it belongs to (see migration 0006). */
async function nextChangeSeq(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ seq: number }>`select nextval('record_change_seq')::int8 as seq`.execute(db);
  return Number(rows[0]!.seq);
}
