import { ROLES } from '../auth/roles.ts';
import type { NodeConfigInput } from '../config/node-config.ts';

/** The reference pair of the 铁盟警务联络站: Luoyang station (Taishun, Zhejiang) × Xixi station (Shouning, Fujian). */
export const DEMO_STATIONS = {
  zj: {
    id: 'zj-luoyang',
    nameZh: '泰顺县公安局罗阳派出所',
    nameEn: 'Luoyang Police Station, Taishun County',
  },
  fj: { id: 'fj-xixi', nameZh: '寿宁县公安局犀溪派出所', nameEn: 'Xixi Police Station, Shouning County' },
} as const;

export const DEMO_NODES = {
  zj: {
    nodeId: 'zj-taishun',
    names: { zh: '浙江泰顺节点', en: 'Taishun node, Zhejiang' },
    province: 'zhejiang',
    station: DEMO_STATIONS.zj,
  },
  fj: {
    nodeId: 'fj-shouning',
    names: { zh: '福建寿宁节点', en: 'Shouning node, Fujian' },
    province: 'fujian',
    station: DEMO_STATIONS.fj,
  },
} as const;

export type DemoSide = keyof typeof DEMO_NODES;

export const DEMO_PASSWORD = 'tiemeng-demo';

/**
 * Config of one demo node with the other as its peer.
 *
 * @example
 * pairConfig('zj', { url: 'postgres://…/zj' }, { zj: 'http://127.0.0.1:4001', fj: 'http://127.0.0.1:4002' }, 4001)
 */
export function pairConfig(
  side: DemoSide,
  database: NodeConfigInput['database'],
  urls: Record<DemoSide, string>,
  port: number,
  extra: Partial<NodeConfigInput> = {},
): NodeConfigInput {
  const me = DEMO_NODES[side];
  const other = DEMO_NODES[side === 'zj' ? 'fj' : 'zj'];
  const otherSide: DemoSide = side === 'zj' ? 'fj' : 'zj';
  return {
    nodeId: me.nodeId,
    names: me.names,
    province: me.province,
    http: { host: '127.0.0.1', port, publicUrl: urls[side] },
    database,
    stations: [me.station],
    peers: [
      {
        nodeId: other.nodeId,
        url: urls[otherSide],
        stations: [other.station],
        // The demo and tests talk plain HTTP on loopback.
        ...(urls[otherSide].startsWith('http:') ? { insecure: true } : {}),
      },
    ],
    // Two nodes on one machine cannot share the default metrics port: off unless asked for.
    metrics: { port: null },
    ...extra,
  };
}

/** The demo accounts of one side: `zj.officer` … `zj.admin`, one per role. */
export function demoOfficers(side: DemoSide) {
  return ROLES.map((role) => ({
    username: `${side}.${role}`,
    displayName: `${side.toUpperCase()} ${role}`,
    stationId: DEMO_NODES[side].station.id,
    roles: [role],
    password: DEMO_PASSWORD,
  }));
}
