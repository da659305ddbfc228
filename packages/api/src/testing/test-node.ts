import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '@tiemeng/db/testing';
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import { type NodeConfigInput, parseConfig } from '../config/node-config.ts';
import { type DemoSide, pairConfig } from '../demo/demo-topology.ts';
import { seedDemoOfficers } from '../demo/seed-officers.ts';
import { ensureKekFile } from '../keys/key-encryption.ts';
import { createLogger } from '../logger.ts';
import { type RunningNode, type StartNodeOptions, startNode } from '../node/start-node.ts';
import { freePort } from './free-port.ts';
import { noteRecordType } from './note-record-type.ts';
import { rowCount } from './row-count.ts';
import { eventually } from './sync-helpers.ts';
import { partitionOf, TcpProxy } from './tcp-proxy.ts';

export interface TestNode extends RunningNode {
  side: DemoSide;
  connectionString: string;
  /** Stops the node and drops its database. */
  destroy(): Promise<void>;
}

export interface TestNodeOptions {
  serverUrl: string;
  side: DemoSide;
  clock?: Clock;
  urls?: Record<DemoSide, string>;
  port?: number;
  /** Reuse an existing database instead of creating one (restart tests). */
  connectionString?: string;
  extra?: Partial<NodeConfigInput>;
  delivery?: StartNodeOptions['delivery'];
  auditHeadIntervalMs?: StartNodeOptions['auditHeadIntervalMs'];
  /** The node's logger (e.g. `captureLogs`); silent unless TIEMENG_TEST_LOG is set. */
  log?: Logger;
  tokenClock?: Clock;
  heldFor?: string;
  consoleDir?: string;
}

/**
 * Starts one demo-shaped node (`zj` or `fj`) on a fresh database of the test server, with the demo
 * officers (`zj.officer` … `zj.admin`, password `tiemeng-demo`). Logs are silent unless TIEMENG_TEST_LOG is set.
 */
export async function startTestNode(options: TestNodeOptions): Promise<TestNode> {
  const port = options.port ?? (await freePort());
  const urls = options.urls ?? { zj: `http://127.0.0.1:${port}`, fj: `http://127.0.0.1:${port}` };
  const tdb = options.connectionString
    ? undefined
    : await createTestDatabase(options.serverUrl, options.side);
  const connectionString = options.connectionString ?? tdb!.connectionString;
  // Scheduled reconciliation is off in tests unless a test asks for it through `extra`. Signing keys
  // are sealed with a key-encryption key of the database's own, which a restart finds again.
  const kekFile = path.join(os.tmpdir(), `tiemeng-kek-${new URL(connectionString).pathname.slice(1)}`);
  await ensureKekFile(kekFile);
  const extra = { reconcile: { intervalMinutes: null }, keys: { kekFile }, ...options.extra };
  const config = parseConfig(pairConfig(options.side, { url: connectionString }, urls, port, extra));
  const log = options.log ?? createLogger(config.nodeId, process.env.TIEMENG_TEST_LOG ?? 'silent');
  const node = await startNode(config, {
    clock: options.clock,
    tokenClock: options.tokenClock,
    heldFor: options.heldFor,
    consoleDir: options.consoleDir,
    log,
    recordTypes: [noteRecordType],
    auditHeadIntervalMs: options.auditHeadIntervalMs,
    // A lone node has no peer to talk to; a pair syncs with short intervals so tests run fast.
    delivery:
      options.delivery ??
      (options.urls ? { pullIntervalMs: 1_000, idlePollMs: 500, maxBackoffMs: 1_000 } : false),
  });
  await seedDemoOfficers(node.services, options.side);
  return {
    ...node,
    side: options.side,
    connectionString,
    destroy: async () => {
      await node.stop();
      await tdb?.drop();
      if (tdb) await rm(kekFile, { force: true });
    },
  };
}

export interface TestPair {
  zj: TestNode;
  fj: TestNode;
  /** Cuts the network between the nodes (both keep running and serving their own officers). */
  partition(): void;
  heal(): void;
  destroy(): Promise<void>;
}

/** Two nodes, zj-taishun and fj-shouning, each on its own database, each the other's peer. */
export async function startTestPair(
  serverUrl: string,
  options: {
    clock?: Clock;
    extra?: Partial<NodeConfigInput>;
    delivery?: StartNodeOptions['delivery'];
    /** How often each node's audit head goes to the other besides after deliveries. */
    auditHeadIntervalMs?: StartNodeOptions['auditHeadIntervalMs'];
    /** Each node's logger (e.g. `captureLogs`). */
    logs?: Partial<Record<DemoSide, Logger>>;
  } & Pick<TestNodeOptions, 'tokenClock' | 'heldFor' | 'consoleDir'> = {},
): Promise<TestPair> {
  const ports = { zj: await freePort(), fj: await freePort() };
  // Nodes reach each other through proxies, so a test can partition them.
  const proxies = { zj: await new TcpProxy(ports.zj).start(), fj: await new TcpProxy(ports.fj).start() };
  const urls = { zj: proxies.zj.url, fj: proxies.fj.url };
  const [zj, fj] = await Promise.all(
    (['zj', 'fj'] as const).map((side) =>
      startTestNode({
        serverUrl,
        side,
        urls,
        port: ports[side],
        clock: options.clock,
        extra: options.extra,
        delivery: options.delivery,
        auditHeadIntervalMs: options.auditHeadIntervalMs,
        log: options.logs?.[side],
        tokenClock: options.tokenClock,
        heldFor: options.heldFor,
        consoleDir: options.consoleDir,
      }),
    ),
  );
  // Started together, one node may first call the other before it listens; the pair is up once each
  // has reached the other (its startup pull and heads), so no retry is left in flight.
  if (options.delivery !== false) {
    const reached = (node: TestNode) =>
      rowCount(node.services.db.selectFrom('peer_delivery').where('last_success_at', 'is not', null));
    await eventually(
      async () => (await reached(zj!)) > 0 && (await reached(fj!)) > 0,
      'the pair reaching each other',
    );
  }
  return {
    zj: zj!,
    fj: fj!,
    ...partitionOf([proxies.zj, proxies.fj]),
    destroy: async () => {
      await Promise.all([zj!.destroy(), fj!.destroy()]);
      await Promise.all([proxies.zj.stop(), proxies.fj.stop()]);
    },
  };
}

export interface SharedDatabaseNodes {
  /** Two API processes of zj-taishun on one database, and their peer fj-shouning. */
  zjA: TestNode;
  zjB: TestNode;
  fj: TestNode;
  destroy(): Promise<void>;
}

/** zj-taishun served by two API processes on one database (as behind a load balancer), with its peer. */
export async function startSharedDatabaseNodes(serverUrl: string): Promise<SharedDatabaseNodes> {
  const ports = { a: await freePort(), b: await freePort(), fj: await freePort() };
  const urls = { zj: `http://127.0.0.1:${ports.a}`, fj: `http://127.0.0.1:${ports.fj}` };
  const zjA = await startTestNode({ serverUrl, side: 'zj', urls, port: ports.a });
  const zjB = await startTestNode({
    serverUrl,
    side: 'zj',
    urls,
    port: ports.b,
    connectionString: zjA.connectionString,
  });
  const fj = await startTestNode({ serverUrl, side: 'fj', urls, port: ports.fj });
  return {
    zjA,
    zjB,
    fj,
    destroy: async () => {
      await zjB.stop();
      await zjA.destroy();
      await fj.destroy();
    },
  };
}
