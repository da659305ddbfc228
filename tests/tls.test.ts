import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connect } from 'node:tls';
import { ConfigError, parseConfig } from '@tiemeng/api';
import { pairConfig } from '@tiemeng/api/demo';
import { eventually, freePort, startTestNode, type TestNode } from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { interceptFourSuspects } from './support/assistance.ts';
import { actAs } from './support/officers.ts';
import { projectionOf } from './support/records.ts';

/** A test CA and a certificate for 127.0.0.1 signed by it, made with the openssl CLI. */
async function makeCertificates(dir: string) {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=Tiemeng test CA',
  );
  await writeFile(
    path.join(dir, 'ext.cnf'),
    'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  const issue = (name: string) => {
    openssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', '/CN=127.0.0.1');
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-extfile',
      'ext.cnf',
    );
    return { certFile: path.join(dir, `${name}.crt`), keyFile: path.join(dir, `${name}.key`) };
  };
  return { caFile: path.join(dir, 'ca.crt'), issue };
}

/** The serial number of the certificate a new TLS connection to `port` is served. */
const servedSerial = (port: number, ca: string) =>
  new Promise<string>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca }, () => {
      resolve(socket.getPeerCertificate().serialNumber);
      socket.end();
    });
    socket.on('error', reject);
  });

describe('TLS: nodes serve HTTPS and call each other over it with a configured CA', () => {
  let zj: TestNode;
  let fj: TestNode;
  let certs: Awaited<ReturnType<typeof makeCertificates>>;
  let tlsFiles: { certFile: string; keyFile: string };

  beforeAll(async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tiemeng-tls-'));
    certs = await makeCertificates(dir);
    tlsFiles = certs.issue('node');
    const ports = { zj: await freePort(), fj: await freePort() };
    const urls = { zj: `https://127.0.0.1:${ports.zj}`, fj: `https://127.0.0.1:${ports.fj}` };
    const start = (side: 'zj' | 'fj') =>
      startTestNode({
        serverUrl: inject('testServerUrl'),
        side,
        urls,
        port: ports[side],
        extra: {
          http: { host: '127.0.0.1', port: ports[side], publicUrl: urls[side], tls: tlsFiles },
          tls: { caFile: certs.caFile },
        },
      });
    [zj, fj] = await Promise.all([start('zj'), start('fj')]);
  });
  afterAll(async () => {
    await Promise.all([zj?.destroy(), fj?.destroy()]);
  });

  it('a request filed at fj reaches zj over HTTPS', async () => {
    expect(zj.url).toMatch(/^https:/);
    const filed = await (await actAs(fj, 'fj.officer')).assistance.file(interceptFourSuspects);
    await eventually(async () => (await projectionOf(zj, filed.id))?.status === 'filed', 'the filing at zj');
    expect(await projectionOf(zj, filed.id)).toEqual(await projectionOf(fj, filed.id));
    // Served with the test CA's certificate: a client trusting only the system's CAs is refused.
    await expect(fetch(`${zj.url}/healthz`)).rejects.toThrow();
  });

  it('a renewed certificate is served to new connections after a reload, without a restart', async () => {
    const ca = await readFile(certs.caFile, 'utf8');
    const before = await servedSerial(zj.port, ca);
    const renewed = certs.issue('renewed');
    // Renewal writes new files in place; the reload reads them.
    await writeFile(tlsFiles.certFile, await readFile(renewed.certFile));
    await writeFile(tlsFiles.keyFile, await readFile(renewed.keyFile));
    expect(zj.reloadTls()).toBe(true);
    const after = await servedSerial(zj.port, ca);
    expect(after).not.toBe(before);
    expect(after).toBe(
      execFileSync('openssl', ['x509', '-noout', '-serial', '-in', renewed.certFile])
        .toString()
        .trim()
        .replace('serial=', ''),
    );
  });

  it('a partner at a plain http url is refused at config load unless the peer says insecure', () => {
    const plain = pairConfig(
      'zj',
      { url: 'postgres://x@127.0.0.1/x' },
      {
        zj: 'http://127.0.0.1:1',
        fj: 'http://127.0.0.1:2',
      },
      1,
    );
    // The demo's helper marks loopback http peers insecure; a real config does not.
    expect(plain.peers?.[0]).toMatchObject({ insecure: true });
    expect(parseConfig(plain).peers[0]?.url).toBe('http://127.0.0.1:2');
    const real = { ...plain, peers: plain.peers?.map(({ insecure: _, ...p }) => p) };
    expect(() => parseConfig(real)).toThrow(ConfigError);
    expect(() => parseConfig(real)).toThrow(/peers\.0\.url: a partner is called over https/);
  });
});
