import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const nodeId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,62}$/, 'lowercase letters, digits and dashes, e.g. zj-taishun');

const stationSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, 'lowercase letters, digits and dashes'),
  nameZh: z.string().min(1),
  nameEn: z.string().min(1),
});

const publicJwk = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string(),
  kid: z.string(),
});

const peerSchema = z.object({
  nodeId,
  url: z.url(),
  /** Pinned public keys; when absent they are fetched from the peer's /.well-known/jwks.json. */
  keys: z.array(publicJwk).optional(),
  stations: z.array(stationSchema).default([]),
  /** PEM file of the CA(s) that sign the peer's HTTPS certificate (default: `tls.caFile`, else the system's). */
  caFile: z.string().min(1).optional(),
  /** Allows a plain-http `url` (the demo and tests on loopback); never for a real partner. */
  insecure: z.boolean().optional(),
  /**
   * A call to this partner that has not answered whole within this long fails as unreachable (and is
   * retried by the delivery worker). Raise it for a slow link; a reconciliation page must fit in it.
   */
  timeoutMs: z.number().int().min(1000).max(600_000).default(15_000),
});

/**
 * A deadline of the cooperation agreement, in minutes: at most a year. A due time must stay a date
 * both PostgreSQL and the statistics can hold; a partner's filing beyond that is rejected by the fold.
 */
export const deadlineMinutes = z
  .number()
  .int()
  .positive()
  .max(366 * 24 * 60);
const durationMinutes = deadlineMinutes;

/** The node's PostgreSQL connection pool (each API process has its own). */
const poolSchema = z
  .object({
    max: z.number().int().min(2).max(1000).default(10),
    /** An idle connection is closed after this long. */
    idleTimeoutMs: z.number().int().min(1000).default(10_000),
    /** A call waiting this long for a connection fails rather than waiting forever. */
    connectionTimeoutMs: z.number().int().min(100).default(30_000),
  })
  .strict()
  .prefault({});

export const nodeConfigSchema = z
  .object({
    /** The JSON Schema an editor checks the file with (ignored by the node). */
    $schema: z.string().optional(),
    nodeId: nodeId.meta({ description: 'This node, as partners know it (e.g. zj-taishun)' }),
    names: z.object({ zh: z.string().min(1), en: z.string().min(1) }),
    province: z.string().min(1),
    http: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65_535).default(4000),
        /** The URL peers use to reach this node; defaults to http(s)://host:port. */
        publicUrl: z.url().optional(),
        /**
         * Addresses of reverse proxies in front of the node. Only a request whose socket comes from
         * one of them has its client address taken from `X-Forwarded-For` (sign-in throttling is by
         * client address); otherwise that header is ignored.
         */
        trustedProxies: z.array(z.union([z.ipv4(), z.ipv6()])).default([]),
        /**
         * Web origins (`https://console.example`) whose pages may call the API from a browser. None
         * by default: no CORS headers are sent and preflights are refused.
         */
        corsOrigins: z.array(z.url()).default([]),
        /** A request must have arrived whole within this time (slow senders are cut off). */
        requestTimeoutMs: z.number().int().min(1000).default(120_000),
        /** The request line and headers must have arrived within this time. */
        headersTimeoutMs: z.number().int().min(1000).default(20_000),
        /** An idle keep-alive connection is closed after this long. */
        keepAliveTimeoutMs: z.number().int().min(1000).default(5_000),
        /** Serve HTTPS with these PEM files (read again on SIGHUP); absent: plain HTTP (e.g. behind a proxy). */
        tls: z
          .object({ certFile: z.string().min(1), keyFile: z.string().min(1) })
          .strict()
          .optional(),
      })
      .prefault({})
      .meta({ description: 'The API: where it listens, how partners reach it, its timeouts' }),
    database: z
      .union(
        [
          z
            .object({
              url: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// connection string'),
              pool: poolSchema,
            })
            .strict(),
          z
            .object({
              embedded: z.object({ dataDir: z.string().min(1), port: z.number().int().min(1).max(65_535) }),
              pool: poolSchema,
            })
            .strict(),
        ],
        { error: 'either { "url": "postgres://…" } or { "embedded": { "dataDir": "…", "port": 54301 } }' },
      )
      .meta({
        description: 'The PostgreSQL database: a connection URL, or an embedded server (demo, tests)',
      }),
    stations: z.array(stationSchema).min(1, 'a node hosts at least one station'),
    peers: z.array(peerSchema).default([]),
    auth: z
      .object({
        tokenTtlSeconds: z.number().int().min(60).max(3600).default(900),
        /** How long after signing in a token can still be renewed (`auth.refresh`) without the password. */
        sessionHours: z.number().int().min(1).max(24).default(12),
      })
      .prefault({}),
    /**
     * Where the key-encryption key sealing the node's private signing keys comes from: a file
     * (`kekFile`, 32 random bytes as base64url, mode 0600) or an environment variable (`kekEnv`,
     * its name). Without either the keys are stored in the clear, and the node warns at start.
     */
    keys: z
      .object({ kekFile: z.string().min(1).optional(), kekEnv: z.string().min(1).optional() })
      .strict()
      .refine((k) => !(k.kekFile && k.kekEnv), 'name kekFile or kekEnv, not both')
      .optional(),
    /** The cooperation agreement: values both partners configure identically. */
    agreement: z
      .object({
        ackMinutes: z
          .object({ urgent: durationMinutes.default(15), normal: durationMinutes.default(120) })
          .prefault({}),
        completeMinutes: z
          .object({ urgent: durationMinutes.default(24 * 60), normal: durationMinutes.default(7 * 24 * 60) })
          .prefault({}),
        noticeReviewDays: z.number().int().positive().default(30),
        /** Days from a mediation outcome to its follow-up visit (回访). */
        followUpDays: z.number().int().positive().max(3650).default(30),
      })
      .prefault({}),
    /** Reconciliation (对账) with every peer every `intervalMinutes`; null: on demand only. */
    reconcile: z
      .object({
        intervalMinutes: z
          .number()
          .positive()
          .max(7 * 24 * 60)
          .nullable()
          .default(60),
      })
      .strict()
      .prefault({}),
    /**
     * `tiemeng-node backup` / `restore`: the directory of the `pg_dump` and `pg_restore` to use (of
     * at least the server's major version). Absent: the embedded package's, /usr/lib/postgresql/N/bin
     * or the PATH, whichever is new enough; `TIEMENG_PG_BIN` overrides it.
     */
    backup: z
      .object({ pgBin: z.string().min(1).optional() })
      .strict()
      .optional()
      .meta({ description: 'Backups: pgBin, the directory of pg_dump/pg_restore of the server version' }),
    /** Calling partners over HTTPS: the CA file for every peer without its own `caFile`. */
    tls: z
      .object({ caFile: z.string().min(1).optional() })
      .strict()
      .optional(),
    /**
     * The Prometheus endpoint (`GET /metrics`), on its own listen address so it need not be public
     * like the API. `port: null` turns it off.
     */
    metrics: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65_535).nullable().default(9464),
      })
      .strict()
      .prefault({})
      .meta({
        description: 'The Prometheus endpoint (GET /metrics) on its own address; port null turns it off',
      }),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .strict()
  .superRefine((config, ctx) => {
    const { http, metrics } = config;
    if (metrics.port !== null && metrics.port !== 0 && metrics.port === http.port)
      ctx.addIssue({
        code: 'custom',
        path: ['metrics', 'port'],
        message: `must differ from http.port (${http.port}): metrics have their own address`,
      });
    for (const [i, peer] of config.peers.entries()) {
      if (peer.url.startsWith('http:') && !peer.insecure)
        ctx.addIssue({
          code: 'custom',
          path: ['peers', i, 'url'],
          message:
            'a partner is called over https; a plain http url needs "insecure": true (loopback demos only)',
        });
    }
  });

export type NodeConfig = z.infer<typeof nodeConfigSchema>;
export type NodeConfigInput = z.input<typeof nodeConfigSchema>;
export type StationConfig = z.infer<typeof stationSchema>;
export type PeerConfig = z.infer<typeof peerSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * The one config loader: a JSON file plus environment overrides, validated in one go.
 * A bad config throws one ConfigError naming every wrong field.
 *
 * Environment overrides: `DATABASE_URL`, `TIEMENG_HOST`, `TIEMENG_PORT`, `TIEMENG_PUBLIC_URL`, `TIEMENG_LOG_LEVEL`.
 *
 * @example
 * const config = loadConfig({ file: 'node.json', env: process.env });
 */
export function loadConfig(options: { file?: string; value?: unknown; env?: NodeJS.ProcessEnv }): NodeConfig {
  let raw: unknown = options.value;
  if (options.file) {
    try {
      raw = JSON.parse(readFileSync(path.resolve(options.file), 'utf8'));
    } catch (err) {
      throw new ConfigError(`cannot read config ${options.file}: ${(err as Error).message}`);
    }
  }
  return parseConfig(applyEnv(raw, options.env ?? {}), options.file ?? 'config');
}

export function parseConfig(raw: unknown, source = 'config'): NodeConfig {
  const result = nodeConfigSchema.safeParse(raw);
  // One place decides which CA a peer call trusts: its own, else the node's `tls.caFile`.
  if (result.success)
    return {
      ...result.data,
      peers: result.data.peers.map((p) => ({ ...p, caFile: p.caFile ?? result.data.tls?.caFile })),
    };
  const lines = result.error.issues.flatMap((i) =>
    // An unknown key is named as the field it is, like every other wrong field.
    i.code === 'unrecognized_keys'
      ? i.keys.map((key) => `  - ${[...i.path, key].join('.')}: unknown field`)
      : [`  - ${i.path.join('.') || '(root)'}: ${i.message}`],
  );
  throw new ConfigError(`invalid ${source}:\n${lines.join('\n')}`);
}

function applyEnv(raw: unknown, env: NodeJS.ProcessEnv): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const config = structuredClone(raw) as Record<string, unknown>;
  const http = { ...((config.http as Record<string, unknown> | undefined) ?? {}) };
  if (env.DATABASE_URL) {
    // The pool settings stay: only where the database is changes.
    const pool = (config.database as { pool?: unknown } | undefined)?.pool;
    config.database = { url: env.DATABASE_URL, ...(pool === undefined ? {} : { pool }) };
  }
  if (env.TIEMENG_HOST) http.host = env.TIEMENG_HOST;
  if (env.TIEMENG_PORT) http.port = Number(env.TIEMENG_PORT);
  if (env.TIEMENG_PUBLIC_URL) http.publicUrl = env.TIEMENG_PUBLIC_URL;
  if (env.TIEMENG_LOG_LEVEL) config.logLevel = env.TIEMENG_LOG_LEVEL;
  config.http = http;
  return config;
}

/**
 * The JSON Schema of node.json (what the node accepts; defaults make a field optional), checked into
 * docs/node-config.schema.json by `npm run docs` for editors.
 */
export function nodeConfigJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(nodeConfigSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Tiemeng node config (node.json)',
  };
}

/** The URL peers and clients use for this node. */
export function publicUrl(config: NodeConfig, boundPort?: number): string {
  const scheme = config.http.tls ? 'https' : 'http';
  return config.http.publicUrl ?? `${scheme}://${config.http.host}:${boundPort ?? config.http.port}`;
}
