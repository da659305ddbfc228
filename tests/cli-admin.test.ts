import { readFileSync } from 'node:fs';
import { startTestNode, type TestNode } from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cliFor, cliLogin, tempConfigDir } from './support/cli.ts';

const clientVersion = (
  JSON.parse(readFileSync(new URL('../packages/client/package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

describe('the CLI for admins, auditors and the sync desk', () => {
  let node: TestNode;
  let admin: ReturnType<typeof cliFor>;
  let auditor: ReturnType<typeof cliFor>;
  let officer: ReturnType<typeof cliFor>;
  beforeAll(async () => {
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
    admin = cliFor(await tempConfigDir());
    auditor = cliFor(await tempConfigDir());
    officer = cliFor(await tempConfigDir());
    expect((await cliLogin(admin, node.url, 'zj.admin')).code).toBe(0);
    expect((await cliLogin(auditor, node.url, 'zj.auditor')).code).toBe(0);
    expect((await cliLogin(officer, node.url, 'zj.officer')).code).toBe(0);
  });
  afterAll(() => node.destroy());

  it('--version prints the package version; whoami names the account, station, roles and node', async () => {
    expect(await officer(['--version'])).toMatchObject({ code: 0, stdout: `${clientVersion}\n` });
    const me = await officer(['whoami']);
    expect(me.stdout).toMatch(
      /^zj\.officer {2}zj-\S+ {2}officer {2}zj-taishun {2}http:\/\/127\.0\.0\.1:\d+\n$/,
    );
  });

  it('an admin creates, lists and disables an officer; creates and disables a station; rotates the key', async () => {
    const created = await admin(
      [
        'admin',
        'officers',
        'create',
        '--username',
        'zj.night',
        '--name',
        '夜班 王某',
        '--station',
        'zj-luoyang',
        '--roles',
        'officer',
        'duty',
        '--password-stdin',
      ],
      'a-long-enough-password\n',
    );
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect((await admin(['admin', 'officers', 'list', '--station', 'zj-luoyang'])).stdout).toMatch(
      /zj\.night\s+夜班 王某\s+zj-luoyang\s+officer,duty\s+no/,
    );
    expect(await admin(['admin', 'officers', 'disable', 'zj.night'])).toMatchObject({ code: 0, stderr: '' });
    expect((await admin(['admin', 'officers', 'list'])).stdout).not.toContain('zj.night');
    expect((await admin(['--lang', 'zh', 'admin', 'officers', 'list', '--all'])).stdout).toMatch(
      /用户名[\s\S]*zj\.night\s+夜班 王某\s+zj-luoyang\s+officer,duty\s+是/,
    );

    const station = await admin([
      'admin',
      'stations',
      'create',
      '--id',
      'zj-xiaocun',
      '--served-by',
      'zj-taishun',
      '--name-zh',
      '筱村派出所',
      '--name-en',
      'Xiaocun',
      '--province',
      'zhejiang',
    ]);
    expect(station).toMatchObject({ code: 0, stderr: '' });
    expect((await admin(['admin', 'stations', 'list'])).stdout).toMatch(
      /zj-xiaocun\s+zj-taishun\s+Xiaocun\s+zhejiang\s+no/,
    );
    expect(await admin(['admin', 'stations', 'disable', 'zj-xiaocun'])).toMatchObject({
      code: 0,
      stderr: '',
    });
    expect((await admin(['--json', 'admin', 'stations', 'list'])).stdout).toMatch(/"disabled": true/);

    const rotated = JSON.parse((await admin(['--json', 'admin', 'keys', 'rotate'])).stdout) as {
      kid: string;
      keys: string[];
    };
    expect(rotated.keys).toContain(rotated.kid);
    expect(rotated.keys.length).toBeGreaterThan(1);
  });

  it('an admin changes roles and unlocks an account', async () => {
    const roles = await admin([
      '--json',
      'admin',
      'officers',
      'set-roles',
      'zj.officer',
      '--roles',
      'officer',
      'duty',
    ]);
    expect(JSON.parse(roles.stdout)).toMatchObject({ username: 'zj.officer', roles: ['officer', 'duty'] });
    expect((await officer(['whoami'])).stdout).toMatch(/officer,duty/);
    expect(await admin(['admin', 'officers', 'unlock', 'zj.officer'])).toMatchObject({ code: 0, stderr: '' });
  });

  it('an officer changes the password and signs in with the new one', async () => {
    const dir = await tempConfigDir();
    const night = cliFor(dir);
    await cliLogin(night, node.url, 'zj.duty');
    const changed = await night(
      ['passwd', '--password-stdin'],
      'tiemeng-demo\nA-much-longer-passphrase-2026\n',
    );
    expect(changed).toMatchObject({ code: 0, stderr: '' });
    expect((await cliLogin(night, node.url, 'zj.duty')).code).toBe(3);
    expect((await cliLogin(night, node.url, 'zj.duty', 'A-much-longer-passphrase-2026')).code).toBe(0);
  });

  it('an auditor lists audit rows with the API filters and pages with the hint', async () => {
    const rows = await auditor(['audit', 'list', '--procedure', 'admin.officers.create', '--outcome', 'ok']);
    expect(rows.code).toBe(0);
    expect(rows.stdout).toMatch(/admin\.officers\.create\s+\S+\s+ok/);
    const page = JSON.parse((await auditor(['--json', 'audit', 'list', '--limit', '2'])).stdout) as {
      items: { id: number }[];
      nextBeforeId: number;
    };
    expect(page.items).toHaveLength(2);
    const text = await auditor(['audit', 'list', '--limit', '2']);
    const before = /… more: (--before \d+)/.exec(text.stdout)![1]!;
    const next = await auditor(['--json', 'audit', 'list', '--limit', '2', ...before.split(' ')]);
    expect(JSON.parse(next.stdout).items[0].id).toBe(Number(before.split(' ')[1]) - 1);
    expect((await auditor(['audit', 'list', '--outcome', 'maybe'])).code).toBe(2);
  });

  it('sync incidents lists the refused pushes (none here)', async () => {
    expect(await admin(['--json', 'sync', 'incidents'])).toMatchObject({ code: 0, stdout: '[]\n' });
  });

  it('in --json mode every error is one JSON object too', async () => {
    const refused = await officer(['--json', 'admin', 'officers', 'list']);
    expect(refused.code).toBe(4);
    expect(JSON.parse(refused.stderr)).toMatchObject({ error: { code: 'FORBIDDEN_ROLE', exitCode: 4 } });
    const usage = await officer(['--json', 'audit', 'list', '--bogus']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stderr)).toEqual({
      error: { code: 'USAGE', message: "unknown option '--bogus'", exitCode: 2 },
    });
    const signedOut = await cliFor(await tempConfigDir())(['--json', 'whoami']);
    expect(signedOut.code).toBe(3);
    expect(JSON.parse(signedOut.stderr).error.message).toMatch(/Not signed in/);
  });
});
