import { readFileSync } from 'node:fs';
import {
  freePort,
  partitionOf,
  spawnTestNode,
  startTestNode,
  TcpProxy,
  type TestNode,
  terminate,
} from '@tiemeng/api/testing';
import { createTestDatabase } from '@tiemeng/db/testing';

type Delivery = Parameters<typeof startTestNode>[0]['delivery'];

/** zj in this process, fj in a child process, each on its own database, talking through proxies. */
export interface SplitPair {
  zj: TestNode;
  /** fj's own address (not through the proxies), for its officers' clients. */
  fj: { connectionString: string; pid: number | undefined; url: string };
  /** Cuts the network between the nodes; both keep running. */
  partition(): void;
  heal(): void;
  destroy(): Promise<void>;
}

/**
 * Two nodes as they run in production, each in its own process, so the sender's writes and the
 * receiver's applies do not share one event loop (they still share this machine's cores).
 */
export async function startSplitPair(serverUrl: string, delivery: Delivery): Promise<SplitPair> {
  const fjDatabase = await createTestDatabase(serverUrl, 'fj');
  const ports = { zj: await freePort(), fj: await freePort() };
  const proxies = { zj: await new TcpProxy(ports.zj).start(), fj: await new TcpProxy(ports.fj).start() };
  const urls = { zj: proxies.zj.url, fj: proxies.fj.url };
  const fjProcess = await spawnTestNode({
    side: 'fj',
    connectionString: fjDatabase.connectionString,
    urls,
    port: ports.fj,
    delivery,
  });
  const zj = await startTestNode({ serverUrl, side: 'zj', urls, port: ports.zj, delivery });
  return {
    zj,
    fj: {
      connectionString: fjDatabase.connectionString,
      pid: fjProcess.pid,
      url: `http://127.0.0.1:${ports.fj}`,
    },
    ...partitionOf([proxies.zj, proxies.fj]),
    destroy: async () => {
      await zj.destroy();
      await terminate(fjProcess);
      await Promise.all([proxies.zj.stop(), proxies.fj.stop()]);
      await fjDatabase.drop();
    },
  };
}

/** Another process's resident memory from /proc (Linux), or null where that is not available. */
export function rssOfProcessMB(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}
