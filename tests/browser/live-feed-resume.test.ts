import type { ChildProcess } from 'node:child_process';
import {
  actAs,
  freePort,
  spawnTestNode,
  startTestNode,
  type TestNode,
  terminate,
} from '@tiemeng/api/testing';
import { createTestDatabase, type TestDatabase } from '@tiemeng/db/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { interceptFourSuspects } from '../support/assistance.ts';
import { launchChromium, officerContext, screenshot, signInConsole } from '../support/browser.ts';

const delivery = { pullIntervalMs: 1_000, idlePollMs: 500, maxBackoffMs: 1_000 };
const feedState = (page: Page, state: 'live' | 'reconnecting') =>
  page.locator(`[data-testid="feed-status"][data-state="${state}"]`).waitFor({ timeout: 60_000 });

describe('the duty desk’s live feed survives its node restarting, and misses no request', () => {
  const serverUrl = inject('testServerUrl');
  let zj: TestNode;
  let fj: ChildProcess | undefined;
  let fjDb: TestDatabase;
  let browser: Browser;
  let urls: { zj: string; fj: string };
  let fjPort: number;
  /** Xixi's node, in a process of its own so it can be stopped and started again on its database. */
  const startFj = async () => {
    fj = await spawnTestNode({
      side: 'fj',
      connectionString: fjDb.connectionString,
      urls,
      port: fjPort,
      delivery,
    });
  };
  beforeAll(async () => {
    const zjPort = await freePort();
    fjPort = await freePort();
    urls = { zj: `http://127.0.0.1:${zjPort}`, fj: `http://127.0.0.1:${fjPort}` };
    fjDb = await createTestDatabase(serverUrl, 'fj');
    [zj, browser] = await Promise.all([
      startTestNode({ serverUrl, side: 'zj', urls, port: zjPort }),
      launchChromium(),
    ]);
    await startFj();
  });
  afterAll(async () => {
    await browser?.close();
    if (fj) await terminate(fj);
    await zj?.destroy();
    await fjDb?.drop();
  });

  it('shows reconnecting while the node is down, then the requests filed meanwhile, without reload', {
    timeout: 180_000,
  }, async () => {
    const desk = await signInConsole(await officerContext(browser), urls.fj, 'fj.duty');
    await desk.waitForURL('**/desk');
    await feedState(desk, 'live');
    // Set on the page now: still there at the end means the page was never reloaded.
    await desk.evaluate(() => {
      (globalThis as { notReloaded?: boolean }).notReloaded = true;
    });
    const luoyang = await actAs(zj, 'zj.officer');
    const file = (title: string) =>
      luoyang.assistance.file({
        ...interceptFourSuspects,
        requestingStation: 'zj-luoyang',
        addressedStation: 'fj-xixi',
        title,
      });
    const row = (id: string) =>
      desk.locator(`[data-testid="request-row"][data-id="${id}"]`).waitFor({ timeout: 60_000 });

    const before = await file('停机前的请求');
    await row(before.id);

    await terminate(fj!);
    fj = undefined;
    await feedState(desk, 'reconnecting');
    await screenshot(desk, 'duty-desk-reconnecting');
    const during = await file('停机期间的请求');

    await startFj();
    await feedState(desk, 'live');
    await row(during.id);
    const after = await file('恢复后的请求');
    await row(after.id);
    const shown = await desk
      .getByTestId('request-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
    expect(shown.sort()).toEqual([before.id, during.id, after.id].sort());
    expect(await desk.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });
});
