import { type ChildProcess, spawn } from 'node:child_process';
import { ManualClock, systemClock } from '@tiemeng/api';
import { actAs, startTestPair, TcpProxy, type TestPair } from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { interceptFourSuspects } from './support/assistance.ts';
import { cliBin, cliFor, cliLogin, tempConfigDir } from './support/cli.ts';
import { watchOutput } from './support/process-output.ts';

const MINUTE = 60_000;

describe('tiemeng inbox --watch says what the feed alone does not', () => {
  // The node clock moves by hand (deadlines); tokens keep real time, as the CLI judges its session by it.
  const clock = new ManualClock(new Date().toISOString());
  let pair: TestPair;
  /** Between the CLI and zj only, so the officer's own connection can drop while the nodes stay linked. */
  let desk: TcpProxy;
  let watcher: ChildProcess | undefined;
  let watched: ReturnType<typeof watchOutput>;
  const out = () => watched.output();
  const shows = (pattern: RegExp, what: string) => watched.waitFor(pattern, what);

  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'), { clock, tokenClock: systemClock });
    desk = await new TcpProxy(pair.zj.port).start();
    const configDir = await tempConfigDir();
    expect((await cliLogin(cliFor(configDir), desk.url, 'zj.duty')).code).toBe(0);
    watcher = spawn(process.execPath, [cliBin, 'inbox', '--watch', '--recheck', '1'], {
      env: { ...process.env, TIEMENG_CONFIG_DIR: configDir, TIEMENG_LANG: 'en' },
    });
    watched = watchOutput(watcher);
  });
  afterAll(async () => {
    watcher?.kill('SIGKILL');
    await desk?.stop();
    await pair?.destroy();
  });

  it('the feed going down and coming back, a request falling overdue, and our filing reaching the partner', async () => {
    await shows(/feed: connected\n/, 'the feed connected');

    // An urgent request from Xixi arrives (bell), in time; sixteen minutes later it is overdue.
    const xixi = await actAs(pair.fj, 'fj.officer');
    const inbound = await xixi.assistance.file({
      ...interceptFourSuspects,
      title: 'intercept at the bridge',
    });
    await shows(
      new RegExp(`\\u0007.*intercept at the bridge  ${inbound.id}`),
      'the urgent item, with the bell',
    );
    expect(out()).not.toMatch(/OVERDUE/);
    clock.advance(16 * MINUTE);
    await shows(
      new RegExp(`OVERDUE  urgent  intercept at the bridge  ${inbound.id}`),
      'the request marked overdue',
    );

    // The officer's connection drops: said once, with the time it went down, and again when it is back.
    desk.cut();
    await shows(/feed: reconnecting since \d{4}-\d\d-\d\d \d\d:\d\d/, 'the feed reconnecting');
    desk.heal();
    await shows(/feed: connected again \(down since /, 'the feed back');
    expect(out().match(/feed: reconnecting since/g)).toHaveLength(1);

    // Our filing while the partner cannot be reached: not yet delivered; then delivered once it is.
    pair.partition();
    const duty = await actAs(pair.zj, 'zj.duty');
    const outbound = await duty.assistance.file({
      requestingStation: 'zj-luoyang',
      addressedStation: 'fj-xixi',
      category: 'vehicle_check',
      priority: 'normal',
      title: 'check the white car',
      details: '浙C·2K731',
    });
    await shows(
      new RegExp(`check the white car  ${outbound.id}\\n  ↳ not yet delivered to fj-shouning\\n`),
      'the filing not yet delivered',
    );
    expect(out()).not.toMatch(/delivered to fj-shouning {2}check the white car/);
    pair.heal();
    await shows(
      new RegExp(`delivered to fj-shouning  check the white car  ${outbound.id}`),
      'the filing delivered',
    );
  });
});
