import type { AuditLogTable, Database } from '@tiemeng/db';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { AnchorSection } from './anchor/anchor-verifier.ts';
import { AUDIT_GENESIS, auditContentOf, checkAuditRow } from './audit-chain.ts';

export interface AuditListFilter {
  procedure?: string;
  actorId?: string;
  recordId?: string;
  outcome?: 'ok' | 'refused' | 'error';
  from?: Date;
  to?: Date;
  /** Return rows with id below this (newest first paging). */
  beforeId?: number;
  limit: number;
}

/** Checks the chain against the anchors peers hold for us (see anchor/anchor-verifier.ts). */
export interface AnchorCheck {
  check(): Promise<AnchorSection>;
}

export type AuditVerification = (
  | { ok: true; rows: number; headId: number | null; headHash: string }
  | { ok: false; rows: number; brokenRowId: number; reason: string }
) & { anchors: AnchorSection };

const PAGE = 5_000;

/** Reading and verifying the audit chain. */
export class AuditService {
  readonly #db: Kysely<Database>;
  readonly #anchors: AnchorCheck | undefined;
  constructor(db: Kysely<Database>, anchors?: AnchorCheck) {
    this.#db = db;
    this.#anchors = anchors;
  }

  async list(filter: AuditListFilter) {
    let q = this.#db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(filter.limit + 1);
    if (filter.procedure) q = q.where('procedure', '=', filter.procedure);
    if (filter.actorId) q = q.where('actor_id', '=', filter.actorId);
    if (filter.outcome) q = q.where('outcome', '=', filter.outcome);
    if (filter.recordId) q = q.where('record_ids', '@>', sql<string[]>`array[${filter.recordId}]::text[]`);
    if (filter.from) q = q.where('at', '>=', filter.from);
    if (filter.to) q = q.where('at', '<', filter.to);
    if (filter.beforeId) q = q.where('id', '<', filter.beforeId);
    const rows = await q.execute();
    const page = rows.slice(0, filter.limit);
    const names = await this.#officerNames(page);
    return {
      // The officer's username beside the id, so a reader need not look the id up (not chained).
      items: page.map((row) => ({ ...toDto(row), actorName: names.get(row.actor_id ?? '') ?? null })),
      nextBeforeId: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null,
    };
  }

  async #officerNames(rows: readonly Selectable<AuditLogTable>[]): Promise<Map<string, string>> {
    const ids = [
      ...new Set(rows.filter((r) => r.actor_type === 'officer' && r.actor_id).map((r) => r.actor_id!)),
    ];
    if (ids.length === 0) return new Map();
    const officers = await this.#db
      .selectFrom('officer')
      .select(['id', 'username'])
      .where('id', 'in', ids)
      .execute();
    return new Map(officers.map((o) => [o.id, o.username]));
  }

  /**
   * Recomputes the whole chain in id order and names the first row that does not fit, then checks it
   * against every anchor our peers hold: a chain rewritten and recomputed end to end passes the first
   * check but not the second.
   */
  async verify(): Promise<AuditVerification> {
    const local = await this.#verifyChain();
    const anchors = (await this.#anchors?.check()) ?? { ok: true, peers: [] };
    if (!local.ok || anchors.ok) return { ...local, anchors };
    const broken = anchors.peers
      .filter((p) => p.status === 'mismatch')
      .sort((a, b) => a.brokenRowId! - b.brokenRowId!)[0]!;
    return {
      ok: false,
      rows: local.rows,
      brokenRowId: broken.brokenRowId!,
      reason: `row ${broken.brokenRowId}: ${broken.reason}`,
      anchors,
    };
  }

  async #verifyChain() {
    let expectedPrev = AUDIT_GENESIS;
    let afterId = 0;
    let count = 0;
    let headId: number | null = null;
    for (;;) {
      const rows = await this.#db
        .selectFrom('audit_log')
        .selectAll()
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(PAGE)
        .execute();
      for (const row of rows) {
        const check = checkAuditRow(
          { ...auditContentOf(row), prevHash: row.prev_hash, hash: row.hash },
          expectedPrev,
        );
        if (!check.ok) return { ok: false as const, rows: count, brokenRowId: row.id, reason: check.reason };
        expectedPrev = row.hash;
        headId = row.id;
        count++;
      }
      if (rows.length < PAGE) break;
      afterId = rows.at(-1)!.id;
    }
    return { ok: true as const, rows: count, headId, headHash: expectedPrev };
  }
}

function toDto(row: Selectable<AuditLogTable>) {
  return { ...auditContentOf(row), at: row.at.toISOString(), prevHash: row.prev_hash, hash: row.hash };
}
