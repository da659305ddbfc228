import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from './node-config.ts';

const valid = {
  nodeId: 'zj-taishun',
  names: { zh: '浙江泰顺节点', en: 'Taishun node' },
  province: 'zhejiang',
  database: { url: 'postgres://postgres@127.0.0.1:5432/tiemeng' },
  stations: [{ id: 'zj-luoyang', nameZh: '罗阳派出所', nameEn: 'Luoyang station' }],
};

describe('node config', () => {
  it('fills defaults for a minimal valid config (agreement deadlines, auth, port)', () => {
    const config = parseConfig(valid);
    expect(config.agreement.ackMinutes).toEqual({ urgent: 15, normal: 120 });
    expect(config.agreement.completeMinutes).toEqual({ urgent: 1440, normal: 10080 });
    expect(config.auth.tokenTtlSeconds).toBe(900);
    expect(config.http.port).toBe(4000);
  });

  it('takes a partner call timeout per peer, 15 s unless set, and refuses one under a second', () => {
    const peer = { nodeId: 'fj-shouning', url: 'https://fj.example' };
    const config = parseConfig({ ...valid, peers: [peer, { ...peer, nodeId: 'fj-far', timeoutMs: 60_000 }] });
    expect(config.peers.map((p) => p.timeoutMs)).toEqual([15_000, 60_000]);
    expect(() => parseConfig({ ...valid, peers: [{ ...peer, timeoutMs: 10 }] })).toThrow(
      /peers\.0\.timeoutMs/,
    );
  });

  it('names every wrong field in one message', () => {
    let error: unknown;
    try {
      parseConfig({ ...valid, nodeId: 'ZJ Taishun', stations: [], http: { port: 70_000 }, surprise: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('nodeId');
    expect(message).toContain('stations');
    expect(message).toContain('http.port');
    expect(message).toContain('surprise');
  });

  it('refuses agreement deadlines beyond a year (a due time must stay a date PostgreSQL can hold)', () => {
    const agreement = { completeMinutes: { normal: 6_000_000_000 } };
    expect(() => parseConfig({ ...valid, agreement })).toThrow(/agreement\.completeMinutes\.normal/);
    expect(parseConfig({ ...valid, agreement: { completeMinutes: { normal: 366 * 24 * 60 } } })).toBeTruthy();
  });

  it('reads a file and lets the environment override it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tiemeng-config-'));
    const file = path.join(dir, 'node.json');
    writeFileSync(file, JSON.stringify(valid));
    const config = loadConfig({
      file,
      env: { DATABASE_URL: 'postgres://other/db', TIEMENG_PORT: '4101', TIEMENG_LOG_LEVEL: 'debug' },
    });
    expect(config.database).toMatchObject({ url: 'postgres://other/db', pool: { max: 10 } });
    expect(config.http.port).toBe(4101);
    expect(config.logLevel).toBe('debug');
  });

  it('reports an unreadable file as a config error', () => {
    expect(() => loadConfig({ file: '/nonexistent/node.json' })).toThrow(/cannot read config/);
  });
});
