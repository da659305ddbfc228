import type { Server } from 'node:http';
import {
  createDatabase,
  type DatabaseProvider,
  migrateToLatest,
  startEmbeddedPostgres,
  urlProvider,
} from '@tiemeng/db';
import type { Logger } from 'pino';
import { OfficerService, StationService } from '../admin/index.ts';
import { AnchorVerifier } from '../audit/anchor/anchor-verifier.ts';
import { HeadAnchorWorker } from '../audit/anchor/head-anchor-worker.ts';
import { AuditService } from '../audit/audit-service.ts';
import { AuthService } from '../auth/auth-service.ts';
import { OfficerGate } from '../auth/officer-gate.ts';
import { SharedReads } from '../batching/shared-reads.ts';
import { type Clock, systemClock } from '../clock.ts';
import { type NodeConfig, publicUrl } from '../config/node-config.ts';
import { HybridLogicalClock, hlcTime, MAX_STAMP_AHEAD_MS } from '../events/hlc.ts';
import type { RecordType } from '../events/record-type.ts';
import { RecordTypeRegistry } from '../events/registry.ts';
import { createHttpServer, listen, reloadTls } from '../http/http-server.ts';
import { loadKek } from '../keys/key-encryption.ts';
import { KeyStore } from '../keys/key-store.ts';
import { Signer } from '../keys/signer.ts';
import { createLogger } from '../logger.ts';
import { startMetricsServer } from '../metrics/metrics-server.ts';
import { NodeMetrics } from '../metrics/node-metrics.ts';
import { PeerClient } from '../peer/peer-client.ts';
import { PeerKeys } from '../peer/peer-keys.ts';
import { ReconcileScheduler } from '../reconcile/reconcile-scheduler.ts';
import { ReconcileService } from '../reconcile/reconcile-service.ts';
import { AssistanceService } from '../records/assistance/assistance-service.ts';
import { builtInRecordTypes } from '../records/built-in.ts';
import { RecordChangeSignal } from '../records/feed/record-change-signal.ts';
import { resetRestoredFeedPositions } from '../records/feed/reset-restored-positions.ts';
import { MediationService } from '../records/mediation/mediation-service.ts';
import { NoticeService } from '../records/notice/notice-service.ts';
import { StatsService } from '../stats/stats-service.ts';
import { type DeliveryOptions, DeliveryWorker } from '../sync/delivery-worker.ts';
import { SignedLinks } from '../sync/signed-links.ts';
import type { SyncDeps } from '../sync/sync-deps.ts';
import { SyncService } from '../sync/sync-service.ts';
import type { NodeServices } from './node-services.ts';
import { NodeStartup } from './node-startup.ts';
import { limitOldGenerationGrowth } from './process-env.ts';

export interface StartNodeOptions {
  clock?: Clock;
  /**
   * The clock officer tokens are issued and checked by (and sign-in lock-outs timed by): the node
   * clock unless given. The demo's clock travels through the past while it seeds history; tokens
   * handed to people must carry the real time.
   */
  tokenClock?: Clock;
  /** Starts the node not ready (`/readyz` 503, sign-in NODE_STARTING) until `services.startup.ready()`. */
  heldFor?: string;
  /** Where the built console is served from (default: packages/web/dist of this repository). */
  consoleDir?: string;
  log?: Logger;
  /** Record types to fold besides the built-in ones (tests register their own). */
  recordTypes?: RecordType[];
  /** Delivery tuning (tests shorten intervals); `false` runs no delivery worker (nor audit head sends). */
  delivery?: Partial<Omit<DeliveryOptions, 'connectionString' | 'log'>> | false;
  /** How often our audit head goes to every peer besides with deliveries (default: HEAD_ANCHOR_INTERVAL_MS). */
  auditHeadIntervalMs?: number;
}

export interface RunningNode {
  services: NodeServices;
  url: string;
  port: number;
  /** The bound port of the metrics endpoint (`GET /metrics`), or undefined when it is off. */
  metricsPort: number | undefined;
  /** Stops accepting calls, finishes in-flight ones, closes the pool and any embedded database. */
  stop(): Promise<void>;
  /** Reads `http.tls`'s certificate and key again for new connections; false when serving plain HTTP. */
  reloadTls(): boolean;
}

/** Opens the database (embedded or external), migrates it, builds the services. No HTTP. */
export async function openNode(config: NodeConfig, options: StartNodeOptions = {}) {
  const log = options.log ?? createLogger(config.nodeId, config.logLevel);
  const clock = options.clock ?? systemClock;
  const tokenClock = options.tokenClock ?? clock;
  const provider: DatabaseProvider =
    'url' in config.database
      ? urlProvider(config.database.url)
      : await startEmbeddedPostgres({ ...config.database.embedded, database: 'tiemeng' });
  const { pool } = config.database;
  const db = createDatabase({ connectionString: provider.connectionString, ...pool });
  try {
    const applied = await migrateToLatest(db);
    if (applied.length) log.info({ applied }, 'migrations applied');
    const reset = await resetRestoredFeedPositions(db);
    if (reset > 0)
      log.warn(
        { records: reset },
        'feed positions from another PostgreSQL server reset (a restored database)',
      );
    const kek = await loadKek(config.keys, process.env);
    if (!kek)
      log.warn(
        'the signing key is stored unencrypted: name a key-encryption key in keys.kekFile or keys.kekEnv',
      );
    const keys = new KeyStore(db, config.nodeId, kek);
    await keys.init();
    const signer = new Signer(keys, clock, config.nodeId);
    const stations = new StationService(db);
    await stations.syncFromConfig(config);
    const records = new RecordTypeRegistry();
    for (const type of [...builtInRecordTypes, ...(options.recordTypes ?? [])]) records.register(type);
    const lastHlc = await db
      .selectFrom('event')
      .select((eb) => eb.fn.max('hlc').as('hlc'))
      .executeTakeFirst();
    const aheadMs = lastHlc?.hlc ? hlcTime(lastHlc.hlc).getTime() - clock.now().getTime() : 0;
    // Stamps only grow, so a stored one in the future (a clock once set wrong here, or a partner's
    // stamp accepted before they were checked) becomes ours too; partners refuse entries stamped
    // that far ahead of their clocks until wall time catches up.
    if (aheadMs > MAX_STAMP_AHEAD_MS)
      log.warn(
        { newestStamp: lastHlc!.hlc, aheadSeconds: Math.round(aheadMs / 1000) },
        'the newest stored event is stamped ahead of this clock: new events will carry that time',
      );
    const peerKeys = new PeerKeys(config.peers);
    const metrics = new NodeMetrics({ config, db, clock });
    const deps: SyncDeps = {
      nodeId: config.nodeId,
      db,
      clock,
      hlc: new HybridLogicalClock(clock, lastHlc?.hlc ?? undefined),
      signer,
      peerKeys,
      records,
      links: new SignedLinks(config.nodeId, signer, peerKeys),
      metrics,
    };
    const tokenSigner = tokenClock === clock ? signer : new Signer(keys, tokenClock, config.nodeId);
    const officers = new OfficerGate({ db, signer: tokenSigner, clock: tokenClock });
    const reads = new SharedReads();
    const services: NodeServices = {
      config,
      db,
      clock,
      log,
      keys,
      signer,
      auth: new AuthService({ db, signer: tokenSigner, clock: tokenClock, config, gate: officers }),
      officers,
      audit: new AuditService(
        db,
        new AnchorVerifier({ db, nodeId: config.nodeId, signer, peers: config.peers }),
      ),
      admin: { stations, officers: new OfficerService(db, config.nodeId, officers) },
      records,
      sync: new SyncService(deps, config.peers),
      reconcile: new ReconcileService({ deps, peers: config.peers, log }),
      assistance: new AssistanceService({ config, clock, events: deps, reads }),
      mediation: new MediationService({ config, clock, events: deps, reads }),
      notices: new NoticeService({ config, clock, events: deps, reads }),
      reads,
      recordChanges: new RecordChangeSignal(provider.connectionString, log),
      stats: new StatsService(db, clock),
      metrics,
      startup: new NodeStartup(options.heldFor),
    };
    const close = async () => {
      keys.stopReloading();
      await services.recordChanges.close();
      await db.destroy();
      await provider.stop();
    };
    keys.startReloading();
    return { services, close, connectionString: provider.connectionString };
  } catch (err) {
    await db.destroy().catch(() => {});
    await provider.stop().catch(() => {});
    throw err;
  }
}

/**
 * Starts one node: database, migrations, keys, HTTP server.
 *
 * @example
 * const node = await startNode(loadConfig({ file: 'node.json', env: process.env }));
 * console.log(node.url);
 * await node.stop();
 */
export async function startNode(config: NodeConfig, options: StartNodeOptions = {}): Promise<RunningNode> {
  limitOldGenerationGrowth();
  const { services, close, connectionString } = await openNode(config, options);
  const server = createHttpServer(services, { consoleDir: options.consoleDir });
  let port: number;
  try {
    port = await listen(server, config.http.host, config.http.port);
  } catch (err) {
    await close();
    throw err;
  }
  const url = publicUrl(config, port);
  let metricsServer: Awaited<ReturnType<typeof startMetricsServer>> | undefined;
  if (config.metrics.port !== null) {
    try {
      metricsServer = await startMetricsServer(services.metrics, {
        host: config.metrics.host,
        port: config.metrics.port,
        log: services.log,
      });
    } catch (err) {
      await stopServer(server, close);
      throw err;
    }
  }
  // Our audit head goes with every delivery batch (see DeliveryWorker), and to every peer every half
  // minute besides, busy or idle: rows removed from the end of our chain are caught within a minute.
  const heads =
    options.delivery === false
      ? undefined
      : new HeadAnchorWorker(
          services.sync.deps,
          config.peers.map((p) => new PeerClient(services.signer, p)),
          {
            log: services.log,
            intervalMs: options.auditHeadIntervalMs,
            active: () => services.startup.isReady,
          },
        );
  const worker =
    options.delivery === false
      ? undefined
      : new DeliveryWorker(
          services.sync.deps,
          config.peers.map((p) => new PeerClient(services.signer, p)),
          {
            connectionString,
            log: services.log,
            ...options.delivery,
          },
        );
  await worker?.start();
  heads?.start();
  const stopListening = worker && services.sync.onPeerContact((peer) => worker.peerReachable(peer));
  // Tell each partner we are up (a signed `heads` call): its delivery to us resumes at once instead of
  // after its backoff. A partner that is down hears it from our delivery worker later.
  if (worker)
    for (const peer of config.peers) void new PeerClient(services.signer, peer).heads().catch(() => {});
  const { intervalMinutes } = config.reconcile;
  const reconciler =
    intervalMinutes === null
      ? undefined
      : new ReconcileScheduler(services.reconcile, {
          intervalMs: intervalMinutes * 60_000,
          log: services.log,
        });
  reconciler?.start();
  services.log.info(
    {
      url,
      listening: `${config.http.host}:${port}`,
      ...(metricsServer ? { metrics: `${config.metrics.host}:${metricsServer.port}` } : {}),
    },
    'node listening',
  );
  return {
    services,
    url,
    port,
    reloadTls: () => reloadTls(server, config.http.tls),
    metricsPort: metricsServer?.port,
    stop: async () => {
      await reconciler?.stop();
      await heads?.stop();
      stopListening?.();
      await worker?.stop();
      await metricsServer?.stop();
      await stopServer(server, close);
    },
  };
}

async function stopServer(server: Server, close: () => Promise<void>): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    // Long-lived streams (live feeds) would hold the server open: give in-flight calls a moment, then cut.
    setTimeout(() => server.closeAllConnections(), 2_000).unref();
  });
  await close();
}
