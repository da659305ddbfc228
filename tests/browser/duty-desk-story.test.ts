import { behindTheBack, startTestPair, type TestPair } from '@tiemeng/api/testing';
import { base64url } from 'jose';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  launchChromium,
  officerContext,
  screenshot,
  seriousViolations,
  signInConsole,
} from '../support/browser.ts';

/** Waits (up to 30 s) until each of `steps` timeline marks has its verdict; returns the verdicts in order. */
async function marks(page: Page, steps: number): Promise<(string | null)[]> {
  let verdicts: (string | null)[] = [];
  for (let tries = 0; tries < 150; tries++) {
    verdicts = await page
      .getByTestId('sig-mark')
      .evaluateAll((all) => all.map((m) => m.getAttribute('data-verified')));
    if (verdicts.length === steps && verdicts.every((v) => v !== null)) return verdicts;
    await page.waitForTimeout(200);
  }
  throw new Error(`expected ${steps} checked signature marks, saw ${JSON.stringify(verdicts)}`);
}

const status = (page: Page, text: string) =>
  page.getByTestId('record-status').filter({ hasText: text }).waitFor();

describe('the 2 a.m. story in two browsers: filed at Luoyang, live on the Xixi duty desk, worked to completion', () => {
  let pair: TestPair;
  let browser: Browser;
  beforeAll(async () => {
    [pair, browser] = await Promise.all([startTestPair(inject('testServerUrl')), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await pair?.destroy();
  });

  it('appears on the open desk without reload, every step shows live at Luoyang, every mark green; a rewritten step turns red', {
    timeout: 180_000,
  }, async () => {
    // axe-core's serious or critical findings on each screen, checked once the story has run.
    const violations: string[] = [];
    // Xixi's duty desk is open and live before anything is filed.
    const desk = await signInConsole(await officerContext(browser), pair.fj.url, 'fj.duty');
    await desk.waitForURL('**/desk');
    await desk.locator('[data-testid="feed-status"][data-state="live"]').waitFor();
    expect(await desk.getByTestId('request-row').count()).toBe(0);

    // A Luoyang officer files an urgent vehicle check through the form.
    const zj = await signInConsole(await officerContext(browser), pair.zj.url, 'zj.officer');
    await zj.getByRole('navigation').getByRole('link', { name: 'File a request' }).click();
    await zj.getByLabel('Category').selectOption('vehicle_check');
    await zj.getByLabel('Urgent').check();
    await zj.getByLabel('Title').fill('核查白色五菱面包车 闽J·7K2X9');
    await zj
      .getByLabel('Details')
      .fill('Seen leaving Luoyang towards Xixi at 01:50 after a break-in; please check at the bridge.');
    await zj.getByRole('button', { name: 'Add a vehicle' }).click();
    await zj.getByLabel('Plate').fill('闽J·7K2X9');
    await zj.getByLabel('Incident place').fill('罗阳镇新城停车场');
    await screenshot(zj, 'file-request');
    await zj.getByRole('button', { name: 'File the request' }).click();
    await zj.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
    const id = zj.url().split('/').pop()!;

    // On Xixi's desk, without reload: on top, urgent, with its countdown.
    const row = desk.locator(`[data-testid="request-row"][data-id="${id}"]`);
    await row.waitFor();
    expect(await desk.getByTestId('request-row').first().getAttribute('data-id')).toBe(id);
    expect(await row.getAttribute('data-priority')).toBe('urgent');
    expect(await row.getAttribute('data-overdue')).toBe('false');
    expect(await row.getByTestId('ack-countdown').innerText()).toMatch(/1[45]|\d+:\d\d/);
    await screenshot(desk, 'duty-desk');
    violations.push(...(await seriousViolations(desk)));

    // Xixi acknowledges, starts and completes from the record page; Luoyang's page follows live.
    await row.getByRole('link').click();
    await desk.waitForURL(`**/requests/${id}`);
    await desk
      .getByRole('form', { name: 'Acknowledge' })
      .getByRole('button', { name: 'Acknowledge' })
      .click();
    await status(desk, 'Acknowledged');
    await status(zj, 'Acknowledged');
    await desk.getByRole('form', { name: 'Start' }).getByRole('button', { name: 'Start' }).click();
    await status(zj, 'In progress');
    const complete = desk.getByRole('form', { name: 'Complete' });
    await complete.getByLabel('Outcome').selectOption('intercepted');
    await complete.getByLabel('Summary').fill('Van stopped at the Xixi bridge at 02:31; driver held.');
    await complete.getByLabel('Suspects intercepted').fill('1');
    await complete.getByLabel('Case solved').check();
    await complete.getByRole('button', { name: 'Complete' }).click();
    await status(desk, 'Completed');
    await status(zj, 'Completed');
    expect(await marks(zj, 4)).toEqual(['true', 'true', 'true', 'true']);
    expect(await marks(desk, 4)).toEqual(['true', 'true', 'true', 'true']);
    await screenshot(zj, 'request-record');
    violations.push(...(await seriousViolations(zj)));

    // Someone rewrites Xixi's signed acknowledgement in Xixi's database: the browser's check fails.
    const ack = await pair.fj.services.db
      .selectFrom('link_entry')
      .innerJoin('event', 'event.id', 'link_entry.event_id')
      .select(['link_entry.event_id', 'link_entry.jws'])
      .where('event.record_id', '=', id)
      .where('event.kind', '=', 'acknowledge')
      .executeTakeFirstOrThrow();
    const [header, payload, signature] = ack.jws.split('.');
    const content = JSON.parse(new TextDecoder().decode(base64url.decode(payload!)));
    content.data = { ...content.data, remark: '未收到' };
    const forged = `${header}.${base64url.encode(JSON.stringify(content))}.${signature}`;
    await behindTheBack(pair.fj, [
      sql`set local session_replication_role = replica`,
      sql`update link_entry set jws = ${forged} where event_id = ${ack.event_id}`,
    ]);
    await desk.reload();
    const verdicts = await marks(desk, 4);
    expect(verdicts.filter((v) => v === 'true')).toHaveLength(3);
    const red = desk.locator(
      `[data-testid="timeline-step"][data-event-id="${ack.event_id}"] [data-testid="sig-mark"]`,
    );
    expect(await red.getAttribute('data-verified')).toBe('false');
    expect((await red.innerText()).length).toBeGreaterThan(3);
    await screenshot(desk, 'tampered-step');
    expect(violations).toEqual([]);
  });
});
