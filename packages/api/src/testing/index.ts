export { auditContentOf, auditRowHash } from '../audit/audit-chain.ts';
export { markRestore, readRestoreCuts } from '../audit/restore-cut.ts';
export {
  AUDIT_LOCK,
  appendAuditRowAlone,
  auditRowsAfter,
  type ChainedRow,
  insertAuditRowsAfter,
  lockAuditChain,
  lockAuditChainReadingHead,
  type NewAuditRow,
  newerHead,
} from '../audit/sql/append-audit-row.ts';
export { pgTool } from '../backup/pg-tools.ts';
export { GROUPS_IN_FLIGHT } from '../events/append-sequencer.ts';
export { type ProjectedRecord, projectionsWrite } from '../events/refold.ts';
export { eventsInsert } from '../events/sql/insert-event.ts';
export { lockRecords } from '../events/sql/lock-record.ts';
export { nodeProcessEnv } from '../node/process-env.ts';
export { listAssistanceQuery } from '../records/assistance/sql/list-assistance.ts';
export { ENTRY_TYP, LINK_GENESIS } from '../sync/entry-payload.ts';
export { appendLinkEntries, type LinkEntryRow } from '../sync/sql/insert-link-entry.ts';
export { type LinkBatch, linkBatchWrite } from '../sync/sql/link-batch-write.ts';
export { lockLinkHead, lockLinkHeadThenAuditChain } from '../sync/sql/lock-link-head.ts';
export { permissions } from '../trpc/permissions.ts';
export { sendAuditHeads } from './audit-heads.ts';
export { advisoryLocks, auditLocks } from './audit-locks.ts';
export { behindTheBack } from './behind-the-back.ts';
export { callerFor } from './caller.ts';
export { type FilingOfficer, fileRequests, filingOfficer, urgentRequest } from './file-requests.ts';
export { freePort } from './free-port.ts';
export { gate } from './gate.ts';
export { legacyScryptHash } from './legacy-hash.ts';
export { captureLogs, type LogEntry } from './log-capture.ts';
export { interrupt, kill9, type NodeProcessOptions, spawnTestNode, terminate } from './node-process.ts';
export { noteRecordType } from './note-record-type.ts';
export { actAs } from './officers.ts';
export { readJson } from './read-json.ts';
export { rowCount } from './row-count.ts';
export { type CliResult, runBin } from './run-bin.ts';
export { type SignInAnswer, signInFrom } from './sign-in-from.ts';
export {
  eventually,
  linkEntries,
  linkHead,
  projections,
  sameProjections,
  untilSameProjections,
  writeNote,
} from './sync-helpers.ts';
export { insertSyntheticProjections } from './synthetic-projections.ts';
export { partitionOf, TcpProxy } from './tcp-proxy.ts';
export {
  type SharedDatabaseNodes,
  startSharedDatabaseNodes,
  startTestNode,
  startTestPair,
  type TestNode,
  type TestNodeOptions,
  type TestPair,
} from './test-node.ts';
