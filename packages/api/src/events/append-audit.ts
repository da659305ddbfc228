import { AsyncLocalStorage } from 'node:async_hooks';
import type { NewAuditRow } from '../audit/sql/append-audit-row.ts';

/**
 * The audit row of the call an event is authored in, when the call holds no transaction of its own:
 * the append sequencer writes it in the transaction that commits the event, so the change and its
 * row are durable together, as in a call's own transaction.
 */
export interface CallAudit {
  /** The call's row as it stands, naming `recordId` among its records. */
  row(recordId: string): NewAuditRow;
  /** Told once the row is committed with the event, so the call does not write another. */
  committed(): void;
}

const storage = new AsyncLocalStorage<CallAudit>();

/**
 * Runs `fn` as a call whose events carry `audit` (set by the tRPC audit middleware; the services in
 * between pass only a database handle, so the row travels beside them rather than through them).
 */
export function withCallAudit<T>(audit: CallAudit, fn: () => T): T {
  return storage.run(audit, fn);
}

/** The audit row of the call under way, if it asked for its row to be committed with its event. */
export function currentCallAudit(): CallAudit | undefined {
  return storage.getStore();
}
