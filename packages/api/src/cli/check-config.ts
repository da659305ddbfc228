import type { NodeConfig } from '../config/node-config.ts';
import { publicUrl } from '../config/node-config.ts';

/**
 * What an operator wants to see of a valid config before starting the node: who it is, where it
 * listens, which database (the password hidden), which partners, and the settings that differ by site.
 */
export function configSummary(config: NodeConfig): string {
  const { http, database, metrics } = config;
  const db =
    'url' in database
      ? `PostgreSQL ${hidePassword(database.url)}`
      : `embedded PostgreSQL in ${database.embedded.dataDir} (port ${database.embedded.port})`;
  const lines = [
    `node ${config.nodeId} (${config.names.zh} / ${config.names.en}), province ${config.province}`,
    `api: listens on ${http.host}:${http.port}, reached as ${publicUrl(config)}`,
    `metrics: ${metrics.port === null ? 'off' : `GET /metrics on ${metrics.host}:${metrics.port}`}`,
    `database: ${db}; pool of ${database.pool.max}, idle ${database.pool.idleTimeoutMs} ms, wait ${database.pool.connectionTimeoutMs} ms`,
    `stations: ${config.stations.map((s) => `${s.id} (${s.nameZh})`).join(', ')}`,
    ...(config.peers.length === 0
      ? ['peers: none']
      : config.peers.map(
          (p) =>
            `peer ${p.nodeId} at ${p.url}: ${p.stations.map((s) => s.id).join(', ') || 'no stations'}; ` +
            (p.keys ? `${p.keys.length} pinned key(s)` : 'keys from its JWKS'),
        )),
    `agreement: acknowledge urgent ${config.agreement.ackMinutes.urgent} min / normal ${config.agreement.ackMinutes.normal} min; ` +
      `complete urgent ${config.agreement.completeMinutes.urgent} min / normal ${config.agreement.completeMinutes.normal} min; ` +
      `notice review ${config.agreement.noticeReviewDays} days; follow-up ${config.agreement.followUpDays} days`,
    `reconcile: ${config.reconcile.intervalMinutes === null ? 'on demand only' : `every ${config.reconcile.intervalMinutes} min`}`,
    `log level: ${config.logLevel}`,
  ];
  return lines.join('\n');
}

function hidePassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}
