export { auditContentOf, auditRowHash } from '../audit/audit-chain.ts';
export { callerFor } from './caller.ts';
export { freePort } from './free-port.ts';
export { kill9, type NodeProcessOptions, spawnTestNode, terminate } from './node-process.ts';
export { noteRecordType } from './note-record-type.ts';
export { readJson } from './read-json.ts';
export { eventually, linkHead, projections, writeNote } from './sync-helpers.ts';
export { partitionOf, TcpProxy } from './tcp-proxy.ts';
export {
  type SharedDatabaseNodes,
  startSharedDatabaseNodes,
  startTestNode,
  startTestPair,
  type TestNode,
  type TestPair,
} from './test-node.ts';
