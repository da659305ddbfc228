/**
 * The rows a filing writes, written again in plain SQL with nothing of ours around them (no sign-in,
 * vetting, folding, signing or hashing): the ceiling of the sync benchmark's ratios. The statements
 * copy the engine's own (`writeAppends` at the author, `applyEntries` at the partner), one per table
 * and group, on a database migrated like a node's (same indexes, constraints and triggers), with the
 * rows of one real filing copied under new ids, seqs and audit ids, each chain column still chained.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  appendLinkEntries,
  auditRowsAfter,
  type ChainedRow,
  eventsInsert,
  insertAuditRowsAfter,
  type LinkBatch,
  type LinkEntryRow,
  linkBatchWrite,
  lockAuditChainReadingHead,
  lockLinkHead,
  lockLinkHeadThenAuditChain,
  lockRecords,
  newerHead,
  type ProjectedRecord,
  projectionsWrite,
} from '@tiemeng/api/testing';
import { createDatabase, type Database, type EventActor, migrateToLatest } from '@tiemeng/db';
import { createTestDatabase, type TestDatabase } from '@tiemeng/db/testing';
import { type Kysely, sql, type Transaction } from 'kysely';

/** The rows one filing left in its node's database, as read back. */
export interface FilingRows {
  event: Record<string, unknown>;
  projection: Record<string, unknown>;
  facts: Record<string, unknown>[];
  entry: { from_node: string; to_node: string; jws: string };
  audit: Record<string, unknown>;
}

/** Reads the rows that filing `recordId` wrote at its author (event, projection, facts, entry, audit row). */
export async function filingRows(db: Kysely<Database>, recordId: string): Promise<FilingRows> {
  const event = await db
    .selectFrom('event')
    .selectAll()
    .where('record_id', '=', recordId)
    .executeTakeFirstOrThrow();
  const projection = await db
    .selectFrom('record_projection')
    .selectAll()
    .where('record_id', '=', recordId)
    .executeTakeFirstOrThrow();
  const facts = await db.selectFrom('stat_fact').selectAll().where('record_id', '=', recordId).execute();
  const entry = await db
    .selectFrom('link_entry')
    .select(['from_node', 'to_node', 'jws'])
    .where('event_id', '=', event.id)
    .executeTakeFirstOrThrow();
  const audit = await db
    .selectFrom('audit_log')
    .selectAll()
    .where(sql<boolean>`${recordId} = any(record_ids)`)
    .where('procedure', '=', 'assistance.file')
    .executeTakeFirstOrThrow();
  return { event, projection, facts, entry, audit };
}

const hex64 = () => randomBytes(32).toString('hex');

/** One copy of a filing's rows under a new record and event id. */
interface Copy {
  recordId: string;
  eventId: string;
}

/** Plain-SQL writers on a scratch database migrated like a node's. */
export class PlainWrites {
  readonly #scratch: TestDatabase;
  readonly #db: Kysely<Database>;
  readonly #rows: FilingRows;
  /** The newest audit row `appendGroup` wrote, as the engine's links keep it. */
  #auditTail: { id: number; hash: string } | undefined;

  private constructor(scratch: TestDatabase, db: Kysely<Database>, rows: FilingRows) {
    this.#scratch = scratch;
    this.#db = db;
    this.#rows = rows;
  }

  static async open(serverUrl: string, rows: FilingRows): Promise<PlainWrites> {
    const scratch = await createTestDatabase(serverUrl, 'plain');
    const db = createDatabase({ connectionString: scratch.connectionString, max: 2 });
    await migrateToLatest(db);
    return new PlainWrites(scratch, db, rows);
  }

  /**
   * An author's group of `size` filings in one transaction, in `writeAppends`' statements: the
   * records' locks; the events; the projections with their facts; the link head's lock with the
   * audit chain's lock and head; the entries with the head, the sender's wake-up and the audit rows
   * (appended on their own if their head moved, as the engine does).
   * Left out: reading the records' earlier events to vet the filing (a read, and these records are new).
   */
  async appendGroup(size: number): Promise<void> {
    const copies = this.#copies(size);
    const { from_node, to_node } = this.#rows.entry;
    await this.#db.transaction().execute(async (trx) => {
      await lockCopies(trx, copies);
      await eventsInsert(this.#events(copies)).execute(trx);
      await projectionsWrite(this.#projected(copies))!.execute(trx);
      const heads = await lockLinkHeadThenAuditChain(trx, from_node, to_node);
      // As the engine chains them: after the newer of the head read and the rows it appended last.
      const auditHead = newerHead(heads.audit, this.#auditTail);
      const audit = this.#auditRows(copies, auditHead);
      const { audited } = await appendLinkEntries(
        trx,
        this.#entries(copies, heads.link.seq),
        'plain_writes',
        auditRowsAfter(auditHead, audit),
      );
      this.#auditTail = audited === size ? audit.at(-1) : (await this.#appendAudit(trx, copies)).at(-1);
    });
  }

  /**
   * A partner's batch of `size` entries in one transaction, in `applyEntries`' statements: the inbound
   * link head's lock; the records' locks; the events, the entries and the head in one statement; the
   * projections with their facts; the push's own audit row (one a batch). Left out: verifying (timed
   * apart), the duplicate and conflict checks (reads).
   */
  async applyBatch(size: number): Promise<void> {
    const copies = this.#copies(size);
    const { from_node, to_node } = this.#rows.entry;
    await this.#db.transaction().execute(async (trx) => {
      const head = await lockLinkHead(trx, from_node, to_node);
      await lockCopies(trx, copies);
      await linkBatchWrite({
        events: this.#events(copies),
        entries: this.#entries(copies, head.seq),
      })!.execute(trx);
      await projectionsWrite(this.#projected(copies))!.execute(trx);
      await this.#appendAudit(trx, copies.slice(0, 1));
    });
  }

  async close(): Promise<void> {
    await this.#db.destroy();
    await this.#scratch.drop();
  }

  #copies(size: number): Copy[] {
    return Array.from({ length: size }, () => ({ recordId: randomUUID(), eventId: randomUUID() }));
  }

  /** The filing's event once per copy, as the engine stores events (`eventsInsert`). */
  #events(copies: Copy[]): LinkBatch['events'] {
    const e = this.#rows.event;
    return copies.map((c) => ({
      id: c.eventId,
      recordType: e.record_type as string,
      recordId: c.recordId,
      author: e.author as string,
      hlc: e.hlc as string,
      kind: e.kind as string,
      actor: e.actor as EventActor,
      data: e.data ?? null,
    }));
  }

  /**
   * The filing's projection and facts once per copy, as folded (`projectionsWrite`): a new record's
   * one event dates it.
   */
  #projected(copies: Copy[]): ProjectedRecord[] {
    const p = this.#rows.projection;
    const events = [{ at: p.created_at }] as unknown as ProjectedRecord['events'];
    const facts = this.#rows.facts.map((f) => ({
      metric: f.metric as string,
      at: (f.at as Date).toISOString(),
      fromNode: f.from_node as string,
      toNode: f.to_node as string,
      station: f.station as string,
      category: f.category as string | null,
      priority: f.priority as string | null,
      value: Number(f.value),
    }));
    return copies.map((c) => ({
      recordId: c.recordId,
      typeName: p.record_type as string,
      events,
      p: {
        owner: p.owner as string,
        parties: p.parties as string[],
        status: p.status as string,
        state: p.state,
        timeline: p.timeline as ProjectedRecord['p']['timeline'],
        stateHash: p.state_hash as string,
        facts,
      },
    }));
  }

  #entries(copies: Copy[], afterSeq: number): LinkEntryRow[] {
    const { from_node, to_node, jws } = this.#rows.entry;
    let prev = hex64();
    return copies.map((c, i) => {
      const hash = hex64();
      const row = {
        from: from_node,
        to: to_node,
        seq: afterSeq + i + 1,
        hash,
        prev,
        eventId: c.eventId,
        jws,
      };
      prev = hash;
      return row;
    });
  }

  /**
   * Audit rows in the engine's two statements (`appendAuditRows`): the push's own, and a group's
   * whose head moved. The push's link lock, taken first, serialises the pushes, and a group already
   * holds the chain's lock: either way the head read cannot be stale.
   */
  async #appendAudit(trx: Transaction<Database>, copies: Copy[]) {
    const head = await lockAuditChainReadingHead(trx);
    const rows = this.#auditRows(copies, head);
    if (!(await insertAuditRowsAfter(trx, head, rows)))
      throw new Error('the ceiling wrote no audit rows: its head was stale');
    return rows;
  }

  /**
   * The filing's audit row once per copy, chained after `head` by id and `prev_hash` (random
   * hashes: computing them is not SQL's work).
   */
  #auditRows(copies: Copy[], head: { id: number; hash: string } | undefined): ChainedRow[] {
    const a = this.#rows.audit;
    let prev = head ?? { id: 0, hash: hex64() };
    return copies.map((c) => {
      const row = {
        ...a,
        id: prev.id + 1,
        record_ids: [c.recordId],
        request_id: randomUUID(),
        prev_hash: prev.hash,
        hash: hex64(),
      };
      prev = { id: row.id, hash: row.hash };
      return row as ChainedRow;
    });
  }
}

/** The records' locks, as the engine takes them. */
function lockCopies(trx: Transaction<Database>, copies: Copy[]) {
  return lockRecords(
    trx,
    copies.map((c) => c.recordId),
  );
}
