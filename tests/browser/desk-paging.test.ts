import { actAs, startTestPair, type TestPair, untilSameProjections } from '@tiemeng/api/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { interceptFourSuspects } from '../support/assistance.ts';
import { launchChromium, officerContext, screenshot, signInConsole } from '../support/browser.ts';

const NORMAL = 105;

describe('a busy night on the Luoyang duty desk', () => {
  let pair: TestPair;
  let browser: Browser;
  beforeAll(async () => {
    [pair, browser] = await Promise.all([startTestPair(inject('testServerUrl')), launchChromium()]);
    // One urgent request first, then more normal ones than the desk's first page holds.
    const xixi = await actAs(pair.fj, 'fj.officer');
    await xixi.assistance.file({ ...interceptFourSuspects, title: 'urgent: intercept four suspects' });
    for (let i = 0; i < NORMAL; i++)
      await xixi.assistance.file({
        ...interceptFourSuspects,
        priority: 'normal',
        title: `routine check ${i}`,
      });
    await untilSameProjections(pair.fj.services, pair.zj.services);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await pair?.destroy();
  });

  it('shows the urgent request on top although 105 newer ones are open, and pages to the rest', {
    timeout: 120_000,
  }, async () => {
    const desk = await signInConsole(await officerContext(browser), pair.zj.url, 'zj.duty');
    await desk.waitForURL('**/desk');
    const rows = desk.getByTestId('request-row');
    await rows.first().waitFor();
    expect(await rows.first().getAttribute('data-priority')).toBe('urgent');
    expect(await rows.count()).toBe(100);

    await desk.getByRole('button', { name: 'More requests' }).click();
    await expect.poll(() => rows.count()).toBe(NORMAL + 1);
    expect(await desk.getByRole('button', { name: 'More requests' }).count()).toBe(0);
    await screenshot(desk, 'duty-desk-paged');
  });
});
