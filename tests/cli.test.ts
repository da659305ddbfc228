import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { eventually, freePort, runBin, startTestPair, type TestPair } from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cliBin, cliFor, cliLogin, tempConfigDir } from './support/cli.ts';

describe('the tiemeng CLI against two real nodes', () => {
  let pair: TestPair;
  let xixi: ReturnType<typeof cliFor>;
  let luoyang: ReturnType<typeof cliFor>;
  let xixiDir: string;
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'));
    xixiDir = await tempConfigDir();
    xixi = cliFor(xixiDir);
    luoyang = cliFor(await tempConfigDir());
  });
  afterAll(() => pair.destroy());

  it('files at one node, shows in the other inbox, acknowledged and completed, counted on both', async () => {
    const signIn = await cliLogin(xixi, pair.fj.url, 'fj.officer', 'tiemeng-demo\n');
    expect(signIn).toMatchObject({ code: 0 });
    expect((await stat(path.join(xixiDir, 'sessions.json'))).mode & 0o777).toBe(0o600);
    expect((await cliLogin(luoyang, pair.zj.url, 'zj.duty')).code).toBe(0);

    const filed = await xixi([
      '--json',
      'requests',
      'file',
      '--to',
      'zj-luoyang',
      '--category',
      'suspect_pursuit',
      '--priority',
      'urgent',
      '--title',
      '协查拦截四名嫌疑人',
      '--details',
      'Four suspects fled towards Taishun.',
    ]);
    expect(filed.stderr).toBe('');
    const { id } = JSON.parse(filed.stdout) as { id: string };
    const shown = await xixi(['--lang', 'en', 'requests', 'show', id]);
    expect(shown.stdout).toMatch(
      /Ack due: \d{4}-\d\d-\d\d \d\d:\d\d \+08:00 \(in 1[45] minutes\) {2}Overdue: no\n/,
    );

    let inbox: { items: { id: string; status: string }[] } = { items: [] };
    await eventually(async () => {
      const r = await luoyang(['--json', 'inbox']);
      inbox = JSON.parse(r.stdout);
      return inbox.items.some((i) => i.id === id);
    }, 'the request in the Luoyang inbox');
    expect(inbox.items.find((i) => i.id === id)).toMatchObject({ status: 'filed' });
    const inboxZh = (await luoyang(['--lang', 'zh', 'inbox'])).stdout;
    expect(inboxZh).toMatch(/状态/);
    expect(inboxZh.split('\n').find((line) => line.includes(id))).toMatch(/待签收/);

    expect((await luoyang(['requests', 'ack', id])).code).toBe(0);
    expect((await luoyang(['requests', 'start', id])).code).toBe(0);
    const done = await luoyang([
      '--json',
      'requests',
      'complete',
      id,
      '--outcome',
      'intercepted',
      '--text',
      'All four intercepted at the S205 checkpoint',
      '--suspects-intercepted',
      '4',
      '--case-solved',
    ]);
    expect(JSON.parse(done.stdout)).toMatchObject({ status: 'completed' });

    await eventually(
      async () => JSON.parse((await xixi(['--json', 'requests', 'show', id])).stdout).status === 'completed',
      'completion reaches Xixi',
    );

    // Statistics are command staff's: sign both in as command and compare.
    await cliLogin(xixi, pair.fj.url, 'fj.command');
    await cliLogin(luoyang, pair.zj.url, 'zj.command');
    // Statistics cut periods in China Standard Time, so "this year" is the year there.
    const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(
      new Date(),
    );
    const args = ['--json', 'stats', '--from', `${year}-01-01`, '--to', `${year}-12-31`];
    const [atFj, atZj] = await Promise.all([xixi(args), luoyang(args)]);
    const figures = (r: { stdout: string }) => JSON.parse(r.stdout).groups;
    expect(figures(atZj)).toEqual(figures(atFj));
    expect(figures(atZj)[0].figures).toMatchObject({ casesSolved: 1, fugitivesIntercepted: 4 });
    const table = await luoyang(['stats', '--from', `${year}-01-01`, '--to', `${year}-12-31`]);
    expect(table.stdout).toMatch(/Cases solved\s+1/);

    // The auditor's check reads as sentences, in either language.
    await cliLogin(luoyang, pair.zj.url, 'zj.auditor');
    const verified = await luoyang(['--lang', 'en', 'audit', 'verify']);
    expect(verified).toMatchObject({ code: 0, stderr: '' });
    expect(verified.stdout).toMatch(
      /^Audit chain intact: \d+ rows, head #\d+\n {2}anchors held by fj-shouning: /,
    );
    expect((await luoyang(['--lang', 'zh', 'audit', 'verify'])).stdout).toMatch(/^审计链完好：共 \d+ 行/);
  });

  it('a command run past half the token’s life renews it, so an officer who keeps working stays signed in', async () => {
    const dir = await tempConfigDir();
    const duty = cliFor(dir);
    await cliLogin(duty, pair.zj.url, 'zj.duty');
    const file = path.join(dir, 'sessions.json');
    const store = JSON.parse(await readFile(file, 'utf8'));
    const signedIn = store.sessions[store.current];
    // As if half the token's life had passed.
    store.sessions[store.current] = { ...signedIn, renewAfter: new Date(Date.now() - 1_000).toISOString() };
    await writeFile(file, JSON.stringify(store));
    const renewals = () =>
      pair.zj.services.db
        .selectFrom('audit_log')
        .select('id')
        .where('procedure', '=', 'auth.refresh')
        .execute();
    const before = (await renewals()).length;

    expect(await duty(['inbox'])).toMatchObject({ code: 0, stderr: '' });
    expect(await renewals()).toHaveLength(before + 1);
    const renewed = JSON.parse(await readFile(file, 'utf8')).sessions[store.current];
    expect(Date.parse(renewed.renewAfter)).toBeGreaterThan(Date.now());
    expect(Date.parse(renewed.expiresAt)).toBeGreaterThanOrEqual(Date.parse(signedIn.expiresAt));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    // Not yet due again: the next command just uses the renewed token.
    expect((await duty(['inbox'])).code).toBe(0);
    expect(await renewals()).toHaveLength(before + 1);
  });

  it('exit codes: 2 usage, 3 not signed in, 4 forbidden or not found; one line, no stack', async () => {
    const usage = await luoyang(['requests', 'file', '--to', 'fj-xixi']);
    expect(usage.code).toBe(2);
    const anonymous = cliFor(await tempConfigDir());
    const noSession = await anonymous(['requests', 'list']);
    expect(noSession.code).toBe(3);
    expect(noSession.stderr.trim().split('\n')).toHaveLength(1);
    const wrong = await cliLogin(anonymous, pair.zj.url, 'zj.duty', 'nope');
    expect(wrong.code).toBe(3);
    await cliLogin(luoyang, pair.zj.url, 'zj.officer');
    for (const limit of ['10abc', '0x10']) {
      const badLimit = await luoyang(['requests', 'list', '--limit', limit]);
      expect(badLimit).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/--limit.*positive whole number/),
      });
    }
    const id = '0190e6c0-0000-7000-8000-000000000000';
    for (const args of [
      ['requests', 'list', '--status', 'bogus'],
      ['requests', 'complete', id, '--outcome', 'other', '--text', 'x', '--suspects-intercepted', 'abc'],
      ['requests', 'complete', id, '--outcome', 'other', '--text', 'x', '--remark', 'not sent by this step'],
      ['requests', 'close', id, '--rating', 'abc'],
      ['mediations', 'list', '--status', 'nonsense'],
      ['notices', 'issue', '--file', path.join(xixiDir, 'no-such-notice.json')],
    ]) {
      const refused = await luoyang(args);
      expect(refused, args.join(' ')).toMatchObject({ code: 2, stdout: '' });
      expect(refused.stderr, args.join(' ')).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    }
    const forbidden = await luoyang(['stats', '--from', '2025-01-01', '--to', '2025-12-31']);
    expect(forbidden).toMatchObject({ code: 4 });
    expect(forbidden.stderr).toMatch(/^tiemeng: FORBIDDEN_ROLE: /);
    expect(forbidden.stderr).not.toMatch(/\bat \w/);
    const missing = await luoyang(['requests', 'show', '0190e6c0-0000-7000-8000-000000000000']);
    expect(missing.code).toBe(4);
    await cliLogin(luoyang, pair.zj.url, 'zj.command');
    const noSuchPeer = await luoyang(['reconcile', '--peer', 'xx-nowhere']);
    expect(noSuchPeer).toMatchObject({ code: 4, stderr: expect.stringMatching(/^tiemeng: UNKNOWN_PEER: /) });
    const down = await cliLogin(anonymous, `http://127.0.0.1:${await freePort()}`, 'zj.duty');
    expect(down).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/cannot reach the node: .*ECONNREFUSED/),
    });
  });

  it('logout forgets the node --node or TIEMENG_NODE names, not just the last one signed in to', async () => {
    const dir = await tempConfigDir();
    const officer = cliFor(dir);
    await cliLogin(officer, pair.zj.url, 'zj.officer');
    await cliLogin(officer, pair.fj.url, 'fj.officer');
    const env = { TIEMENG_CONFIG_DIR: dir, TIEMENG_LANG: 'en', TIEMENG_NODE: pair.zj.url };
    const out = await runBin(cliBin, ['logout'], env);
    expect(out).toMatchObject({ code: 0, stdout: `Signed out of ${pair.zj.url}\n` });
    const sessions = JSON.parse(await readFile(path.join(dir, 'sessions.json'), 'utf8')) as {
      sessions: Record<string, unknown>;
    };
    expect(Object.keys(sessions.sessions)).toEqual([pair.fj.url]);
    expect((await runBin(cliBin, ['logout'], env)).stdout).toBe(`Not signed in to ${pair.zj.url}\n`);
  });

  it('notices and mediations: issue, seen masked at the partner, interception reported, reveal, confirmed by the owner, updated, resolved; open with parties and a mediator, co-sign, conclude', async () => {
    const dir = await tempConfigDir();
    const xixiDuty = cliFor(dir);
    const luoyangDuty = cliFor(await tempConfigDir());
    await cliLogin(xixiDuty, pair.fj.url, 'fj.duty');
    await cliLogin(luoyangDuty, pair.zj.url, 'zj.duty');
    const file = path.join(dir, 'notice.json');
    await writeFile(
      file,
      JSON.stringify({
        kind: 'fugitive',
        recipientStations: ['zj-luoyang'],
        subject: { name: '吴某', sex: 'male', idNumber: '11010519491231002X' },
        lastSeen: { place: '犀溪镇', time: '2025-05-18T22:00:00+08:00' },
        contactOfficer: { name: 'fj.duty' },
        fugitive: { caseNumber: 'A-1', warrantReference: 'W-1', offence: '盗窃', requestedAction: 'detain' },
      }),
    );
    const issued = await xixiDuty(['--json', 'notices', 'issue', '--file', file]);
    expect(issued.stderr).toBe('');
    const { id } = JSON.parse(issued.stdout) as { id: string };
    await eventually(async () => {
      const list = JSON.parse((await luoyangDuty(['--json', 'notices', 'list'])).stdout);
      return list.items.some(
        (n: { id: string; subject: { idNumber: string } }) =>
          n.id === id && n.subject.idNumber === '1101**********002X',
      );
    }, 'the notice, masked, at Luoyang');
    expect((await luoyangDuty(['--lang', 'zh', 'notices', 'list'])).stdout).toMatch(/在逃人员\s+收到/);
    const report = await luoyangDuty([
      'notices',
      'located',
      id,
      '--kind',
      'intercepted',
      '--place',
      'S205卡口',
      '--detail',
      '已拦截',
    ]);
    expect(report.code).toBe(0);
    const revealed = await luoyangDuty(['notices', 'reveal', id, '--reason', '核对身份']);
    expect(JSON.parse(revealed.stdout).subject.idNumber).toBe('11010519491231002X');

    // Back at Xixi, the owner sees the report awaiting review, confirms it, and closes the notice.
    await eventually(
      async () =>
        /[0-9a-f-]{36}\s+intercepted\s+.*S205卡口\s+zj-taishun\s+awaiting review/.test(
          (await xixiDuty(['notices', 'show', id])).stdout,
        ),
      'the interception report awaiting review at Xixi',
    );
    const confirmed = await xixiDuty(['notices', 'confirm', id, '--remark', '身份已核实']);
    expect(confirmed).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/intercepted\s+.*S205卡口\s+zj-taishun\s+confirmed/),
    });
    expect(await xixiDuty(['notices', 'confirm', id])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/No report on \S+ awaits review/),
    });
    const patch = path.join(dir, 'patch.json');
    await writeFile(patch, JSON.stringify({ contactOfficer: { name: 'fj.command' }, remark: '联系人变更' }));
    const updated = await xixiDuty(['--json', 'notices', 'update', id, '--file', patch]);
    expect(JSON.parse(updated.stdout).state.contactOfficer.name).toBe('fj.command');
    const resolved = await xixiDuty(['--json', 'notices', 'resolve', id, '--outcome', 'arrested']);
    expect(JSON.parse(resolved.stdout)).toMatchObject({ status: 'resolved' });

    const opened = await luoyangDuty([
      '--json',
      'mediations',
      'open',
      '--partner',
      'fj-xixi',
      '--type',
      'land_boundary',
      '--summary',
      '山林权属纠纷',
    ]);
    const mediation = JSON.parse(opened.stdout) as { id: string };
    await luoyangDuty([
      'mediations',
      'add-party',
      mediation.id,
      '--name',
      '张某',
      '--province',
      '浙江',
      '--role',
      'claimant',
    ]);
    const withMediator = await luoyangDuty([
      '--json',
      'mediations',
      'add-mediator',
      mediation.id,
      '--name',
      '李老',
      '--kind',
      'volunteer',
      '--side',
      'fj-shouning',
    ]);
    expect(JSON.parse(withMediator.stdout).state).toMatchObject({
      parties: expect.arrayContaining([expect.objectContaining({ name: '张某', role: 'claimant' })]),
      mediators: expect.arrayContaining([expect.objectContaining({ name: '李老', node: 'fj-shouning' })]),
    });
    await luoyangDuty(['mediations', 'propose', mediation.id, '--terms', '双方以溪为界']);
    await luoyangDuty(['mediations', 'sign', mediation.id]);
    await eventually(
      async () =>
        JSON.parse((await xixiDuty(['--json', 'mediations', 'show', mediation.id])).stdout).status ===
        'agreement_proposed',
      'the proposal at Xixi',
    );
    expect((await xixiDuty(['mediations', 'sign', mediation.id])).code).toBe(0);
    await eventually(
      async () =>
        JSON.parse((await luoyangDuty(['--json', 'mediations', 'show', mediation.id])).stdout)
          .agreedTermsHash !== null,
      'co-signed at Luoyang',
    );
    const concluded = await luoyangDuty([
      '--json',
      'mediations',
      'outcome',
      mediation.id,
      '--result',
      'agreement',
    ]);
    expect(JSON.parse(concluded.stdout)).toMatchObject({ status: 'concluded', result: 'agreement' });
    const listed = await luoyangDuty([
      '--json',
      'mediations',
      'list',
      '--status',
      'concluded',
      'followed_up',
    ]);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).items.map((m: { id: string }) => m.id)).toContain(mediation.id);
  });
});
