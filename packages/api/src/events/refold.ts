import type { Database, TimelineEntry } from '@tiemeng/db';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { hashCanonical } from '../crypto/hash.ts';
import type { FoldOutput, RecordEvent, RecordType, StatFact } from './record-type.ts';
import type { RecordTypeRegistry } from './registry.ts';
import { loadRecordsEvents, type StoredRecordEvents } from './sql/load-record-events.ts';

export interface Projection {
  facts: StatFact[];
  owner: string;
  parties: string[];
  status: string;
  state: unknown;
  timeline: TimelineEntry[];
  stateHash: string;
}

/**
 * Pure: events (in canonical order) → the projection row's content, including the hash both nodes
 * compare. Pass `out` when the caller has just folded the same events, so they are not folded twice.
 */
export function project(
  type: RecordType,
  events: readonly RecordEvent[],
  out: FoldOutput<unknown> = type.fold(events),
): Projection {
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
  return { ...content, stateHash: stateHashOf(content), facts: type.facts?.(out) ?? [] };
}

/** The hash both nodes compare: of a projection's content, parties in sorted order. */
export function stateHashOf(content: {
  type: string;
  owner: string;
  parties: readonly string[];
  status: string;
  state: unknown;
  timeline: unknown;
}): string {
  const { type, owner, parties, status, state, timeline } = content;
  return hashCanonical({ type, owner, parties: [...parties].sort(), status, state, timeline });
}

/**
 * Recomputes several projections with a fixed number of statements, whatever their count: an
 * inbound batch of hundreds of entries costs a handful of round trips, not several per record.
 */
export async function refoldRecords(
  db: Kysely<Database>,
  registry: RecordTypeRegistry,
  recordIds: readonly string[],
): Promise<Map<string, Projection>> {
  return storeProjections(db, registry, await loadRecordsEvents(db, recordIds));
}

/** Folds records whose events the caller holds (in canonical order) and stores their projections. */
export async function storeProjections(
  db: Kysely<Database>,
  registry: RecordTypeRegistry,
  stored: ReadonlyMap<string, StoredRecordEvents>,
): Promise<Map<string, Projection>> {
  const projected = projectRecords(registry, stored);
  await writeProjections(db, projected);
  return new Map(projected.map((x) => [x.recordId, x.p]));
}

/** Pure: the projections of records whose events the caller holds (in canonical order). */
export function projectRecords(
  registry: RecordTypeRegistry,
  stored: ReadonlyMap<string, StoredRecordEvents>,
): ProjectedRecord[] {
  const projected: ProjectedRecord[] = [];
  for (const [recordId, { type: typeName, events }] of stored) {
    const type = registry.get(typeName);
    if (type && events.length > 0) projected.push({ recordId, typeName, events, p: project(type, events) });
  }
  return projected;
}

/** A record's projection as computed from its events, ready to store. */
export interface ProjectedRecord {
  recordId: string;
  typeName: string;
  /** The events it was folded from, in canonical order. */
  events: readonly RecordEvent[];
  p: Projection;
}

/**
 * Stores projections the caller has computed: the append path has just folded the record to vet
 * the new event, and the repair path to compare it, so neither folds it again.
 */
export async function writeProjections(db: Kysely<Database>, projected: readonly ProjectedRecord[]) {
  await projectionsWrite(projected)?.execute(db);
}

/**
 * The statement of `writeProjections` (none for no projections), built apart from running it: a
 * caller may build it while the database is still busy with its previous statement.
 */
export function projectionsWrite(projected: readonly ProjectedRecord[]): RawBuilder<unknown> | undefined {
  if (projected.length === 0) return undefined;
  const recordIds = projected.map((x) => x.recordId);
  // Rows as one JSON parameter per table: a batch of thousands of records is one short statement,
  // not a dozen parameters per row for the driver to build, send and the server to parse. Read as
  // jsonb: from json, each row's state and timeline would be parsed twice (once to find them, once
  // into their jsonb columns), which cost the database more than half again per projection.
  const projections = JSON.stringify(
    projected.map(({ recordId, typeName, events, p }) => ({
      record_id: recordId,
      record_type: typeName,
      owner: p.owner,
      parties: p.parties,
      status: p.status,
      state: p.state,
      timeline: p.timeline,
      state_hash: p.stateHash,
      created_at: events[0]!.at,
      updated_at: events.at(-1)!.at,
    })),
  );
  const facts = JSON.stringify(projected.flatMap((x) => x.p.facts.map((f) => factRow(x.recordId, f))));
  // One statement for the projections and their facts: each round trip to the database costs
  // about as much as the work itself, and the append path runs this for every event. The old facts
  // go and the new ones come in the same statement: both parts see the rows as they were before it,
  // so the delete never touches the new facts. `change_seq` is the feed cursor; see migration 0006
  // for how followers stay in commit order.
  return sql`
    with projected as (
      insert into record_projection (record_id, record_type, owner, parties, status, state, timeline,
                                     state_hash, created_at, updated_at, change_seq, change_xid)
      select record_id, record_type, owner, parties, status, coalesce(state, 'null'::jsonb), timeline,
             state_hash, created_at, updated_at, nextval('record_change_seq'), pg_current_xact_id()
        from jsonb_to_recordset(${projections}::jsonb) as r(
          record_id uuid, record_type text, owner text, parties text[], status text, state jsonb,
          timeline jsonb, state_hash text, created_at timestamptz, updated_at timestamptz)
      on conflict (record_id) do update set
        record_type = excluded.record_type, owner = excluded.owner, parties = excluded.parties,
        status = excluded.status, state = excluded.state, timeline = excluded.timeline,
        state_hash = excluded.state_hash, created_at = excluded.created_at,
        updated_at = excluded.updated_at, change_seq = excluded.change_seq, change_xid = excluded.change_xid
      returning 1),
    old_facts as (delete from stat_fact where record_id = any(${recordIds}::uuid[]) returning 1)
    insert into stat_fact (record_id, metric, at, from_node, to_node, station, category, priority, value)
    select record_id, metric, at, from_node, to_node, station, category, priority, value
      from jsonb_to_recordset(${facts}::jsonb) as f(
        record_id uuid, metric text, at timestamptz, from_node text, to_node text, station text,
        category text, priority text, value double precision)`;
}

function factRow(recordId: string, f: StatFact) {
  return {
    record_id: recordId,
    metric: f.metric,
    at: new Date(f.at),
    from_node: f.fromNode,
    to_node: f.toNode,
    station: f.station,
    category: f.category ?? null,
    priority: f.priority ?? null,
    value: f.value,
  };
}
