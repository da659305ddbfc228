import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import { listen } from '../http/http-server.ts';
import type { NodeMetrics } from './node-metrics.ts';

/**
 * The Prometheus endpoint on its own listen address: `GET /metrics`, nothing else. Kept off the API
 * server so the API can face partners while the figures stay on an operator's network.
 */
export async function startMetricsServer(
  metrics: NodeMetrics,
  options: { host: string; port: number; log: Logger },
): Promise<{ port: number; stop(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('only GET /metrics here\n');
      return;
    }
    try {
      const text = await metrics.render();
      res.writeHead(200, { 'content-type': metrics.contentType }).end(text);
    } catch (err) {
      options.log.warn({ err: (err as Error).message }, 'metrics scrape failed');
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n');
    }
  });
  const port = await listen(server, options.host, options.port);
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
