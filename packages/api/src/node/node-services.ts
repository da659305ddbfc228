import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AdminServices } from '../admin/index.ts';
import type { AuditService } from '../audit/audit-service.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { OfficerGate } from '../auth/officer-gate.ts';
import type { SharedReads } from '../batching/shared-reads.ts';
import type { Clock } from '../clock.ts';
import type { NodeConfig } from '../config/node-config.ts';
import type { RecordTypeRegistry } from '../events/registry.ts';
import type { KeyStore } from '../keys/key-store.ts';
import type { Signer } from '../keys/signer.ts';
import type { NodeMetrics } from '../metrics/node-metrics.ts';
import type { ReconcileService } from '../reconcile/reconcile-service.ts';
import type { AssistanceService } from '../records/assistance/assistance-service.ts';
import type { RecordChangeSignal } from '../records/feed/record-change-signal.ts';
import type { MediationService } from '../records/mediation/mediation-service.ts';
import type { NoticeService } from '../records/notice/notice-service.ts';
import type { StatsService } from '../stats/stats-service.ts';
import type { SyncService } from '../sync/sync-service.ts';
import type { NodeStartup } from './node-startup.ts';

/** Everything a node is made of, built once at start-up and handed to routers through the context. */
export interface NodeServices {
  config: NodeConfig;
  db: Kysely<Database>;
  clock: Clock;
  log: Logger;
  keys: KeyStore;
  signer: Signer;
  auth: AuthService;
  /** Admits officer tokens and checks accounts are enabled, with caches. */
  officers: OfficerGate;
  audit: AuditService;
  admin: AdminServices;
  records: RecordTypeRegistry;
  sync: SyncService;
  reconcile: ReconcileService;
  assistance: AssistanceService;
  mediation: MediationService;
  notices: NoticeService;
  stats: StatsService;
  /** Committed record changes, announced to open live feeds (one LISTEN per process). */
  recordChanges: RecordChangeSignal;
  /** Identical lists asked at the same time share one query. */
  reads: SharedReads;
  /** Prometheus figures (served on their own address when `metrics.port` is set). */
  metrics: NodeMetrics;
  /** Whether officers may use the node yet (`/readyz`, sign-in). */
  startup: NodeStartup;
}
