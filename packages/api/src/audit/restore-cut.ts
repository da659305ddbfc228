import { randomUUID } from 'node:crypto';
import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import { sha256Hex } from '../crypto/hash.ts';
import { appendAuditRowAlone } from './sql/append-audit-row.ts';
import { readAuditHead } from './sql/read-audit-head.ts';

export const RESTORE_PROCEDURE = 'cli.restore';

/**
 * Where a restore cut the audit chain: the `cli.restore` row written right after the last row the
 * backup held. Rows the node wrote after that one, before the restore, are gone; a partner's anchors
 * of them are of the lost history.
 */
export interface RestoreCut {
  /** The `cli.restore` row. */
  restoreRowId: number;
  restoredAt: string;
  backupTakenAt: string | null;
  /** The last row the backup held (0: none). */
  keptRowId: number;
}

/** What the `cli.restore` row states (its note, covered by the row's hash). */
interface RestoreNote {
  restore: { backupTakenAt: string | null; keptRowId: number };
}

/**
 * Appends the `cli.restore` row to a just restored chain, naming the backup and the last row it kept.
 * Called before anything else writes to the restored database, so the row follows the kept ones.
 */
export async function markRestore(
  db: Kysely<Database>,
  row: { at: Date; nodeId: string; actorId: string | null; backupTakenAt: string | null },
): Promise<RestoreCut> {
  const keptRowId = (await readAuditHead(db))?.id ?? 0;
  const note = JSON.stringify({
    restore: { backupTakenAt: row.backupTakenAt, keptRowId },
  } satisfies RestoreNote);
  const { id } = await appendAuditRowAlone(db, {
    at: row.at,
    nodeId: row.nodeId,
    actorType: 'system',
    actorId: row.actorId,
    procedure: RESTORE_PROCEDURE,
    recordIds: [],
    outcome: 'ok',
    errorCode: null,
    requestId: randomUUID(),
    inputHash: sha256Hex(note),
    note,
  });
  return { restoreRowId: id, restoredAt: row.at.toISOString(), backupTakenAt: row.backupTakenAt, keptRowId };
}

/**
 * The restores recorded in the chain, oldest first. A `cli.restore` row counts only when its note
 * names the row right before it in the chain as the last one kept: that is how a restore leaves the
 * chain, dated no later than the row after it. (Rows deleted from the middle, or a restore row added
 * after other rows, are not a restore: anchors they contradict stay a mismatch.)
 */
export async function readRestoreCuts(db: Kysely<Database>): Promise<RestoreCut[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select(['id', 'at', 'note'])
    .where('procedure', '=', RESTORE_PROCEDURE)
    .where('outcome', '=', 'ok')
    .orderBy('id')
    .execute();
  const cuts: RestoreCut[] = [];
  for (const row of rows) {
    let stated: RestoreNote['restore'] | undefined;
    try {
      stated = (JSON.parse(row.note ?? '') as RestoreNote).restore;
    } catch {
      continue; // written before restores stated their cut
    }
    const before = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.max('id').as('id'))
      .where('id', '<', row.id)
      .executeTakeFirst();
    const predecessor = before?.id == null ? 0 : Number(before.id);
    if (typeof stated?.keptRowId !== 'number' || stated.keptRowId !== predecessor) continue;
    // Its time bounds which anchors it explains: it cannot be later than the row written after it.
    const next = await db
      .selectFrom('audit_log')
      .select('at')
      .where('id', '>', row.id)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (next && next.at < row.at) continue;
    cuts.push({
      restoreRowId: row.id,
      restoredAt: row.at.toISOString(),
      backupTakenAt: stated.backupTakenAt ?? null,
      keptRowId: predecessor,
    });
  }
  return cuts;
}

/**
 * The restore that lost the row an anchor names: one made after the anchor was signed, whose backup
 * ended before that row. Undefined: the row should still be in the chain.
 */
export function lostIn(cuts: readonly RestoreCut[], anchor: { rowId: number; at: string }) {
  const signed = Date.parse(anchor.at);
  return cuts.find((c) => signed < Date.parse(c.restoredAt) && anchor.rowId > c.keptRowId);
}
