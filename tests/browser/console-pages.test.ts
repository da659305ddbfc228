import { demoHistory, demoNodeOptions, SeedClock, seedHistory } from '@tiemeng/api/demo';
import { actAs, startTestPair, type TestPair } from '@tiemeng/api/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  launchChromium,
  officerContext,
  screenshot,
  seriousViolations,
  signInConsole,
} from '../support/browser.ts';
import { teaFieldBoundary } from '../support/mediation.ts';
import { burglaryFugitive, FUGITIVE_ID } from '../support/notice.ts';

const HEADLINE = { disputesMediated: '29', missingTraced: '11', fugitivesIntercepted: '3', casesSolved: '4' };

/** A console page has settled once its heading shows and nothing is loading. */
async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page.waitForTimeout(300);
}

describe('the console over the seeded 2025 history: dashboard, notices, mediation, roles, accessibility', () => {
  const clock = new SeedClock();
  let pair: TestPair;
  let browser: Browser;
  beforeAll(async () => {
    [pair, browser] = await Promise.all([
      startTestPair(inject('testServerUrl'), {
        ...demoNodeOptions(clock),
        delivery: { pullIntervalMs: 3_600_000, idlePollMs: 500, maxBackoffMs: 1_000 },
      }),
      launchChromium(),
    ]);
    await seedHistory({ zj: pair.zj.services, fj: pair.fj.services }, clock, demoHistory);
    for (const node of [pair.zj, pair.fj]) node.services.startup.ready();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await pair?.destroy();
  });

  it('the command dashboard reads 29 / 11 / 3 / 4 for 2025 on both nodes, and both agree', async () => {
    for (const [node, user] of [
      [pair.zj, 'zj.command'],
      [pair.fj, 'fj.command'],
    ] as const) {
      const page = await signInConsole(await officerContext(browser), node.url, user);
      await page.getByRole('navigation').getByRole('link', { name: 'Command dashboard' }).click();
      await page.getByLabel('From').fill('2025-01-01');
      await page.getByLabel('To').fill('2025-12-31');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL('**/dashboard?from=2025-01-01&to=2025-12-31');
      for (const [key, value] of Object.entries(HEADLINE)) {
        await page
          .getByTestId(`figure-${key}`)
          .filter({ hasText: new RegExp(`^\\s*${value}\\s*$`) })
          .waitFor();
      }
      await page.locator('[data-testid="partner-figures"][data-agree="true"]').waitFor();
      await screenshot(page, `dashboard-${node.side}`);
      await page.context().close();
    }
  });

  it('a notice’s ID number stays masked until a reason is given; the reveal is in the audit log', async () => {
    const notice = await (await actAs(pair.zj, 'zj.officer')).notice.issue(burglaryFugitive);
    const page = await signInConsole(await officerContext(browser), pair.fj.url, 'fj.duty');
    await page.goto(`${pair.fj.url}/notices/${notice.id}`);
    const idNumber = page.getByTestId('id-number');
    await idNumber.waitFor();
    expect(await idNumber.getAttribute('data-masked')).toBe('true');
    expect((await idNumber.innerText()).replace(/\s/g, '')).not.toContain(FUGITIVE_ID);
    await page.getByRole('button', { name: 'Reveal' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason').fill('嫌疑人疑似在犀溪镇出现，核对身份');
    await screenshot(page, 'notice-reveal-dialog');
    await dialog.getByRole('button', { name: 'Reveal' }).click();
    await page.locator('[data-testid="id-number"][data-masked="false"]').waitFor();
    expect((await page.getByTestId('id-number').innerText()).replace(/\s/g, '')).toBe(FUGITIVE_ID);
    const audit = await (await actAs(pair.fj, 'fj.auditor')).audit.list({
      procedure: 'notice.reveal',
      limit: 10,
    });
    expect(audit.items).toMatchObject([
      { procedure: 'notice.reveal', outcome: 'ok', recordIds: [notice.id] },
    ]);
    await page.context().close();
  });

  it('a mediation opened at Luoyang is co-signed from both consoles; both marks show on both sides', async () => {
    const luoyang = await actAs(pair.zj, 'zj.officer');
    const opened = await luoyang.mediation.open(teaFieldBoundary);
    await luoyang.mediation.proposeAgreement({
      id: opened.id,
      terms: '以1983年林权证界线为准，双方各退让0.5米',
    });
    const pages = await Promise.all(
      [
        [pair.zj, 'zj.officer'],
        [pair.fj, 'fj.officer'],
      ].map(async ([node, user]) => {
        const { url } = node as TestPair['zj'];
        const page = await signInConsole(await officerContext(browser), url, user as string);
        await page.goto(`${url}/mediations/${opened.id}`);
        return page;
      }),
    );
    for (const page of pages) {
      await page.getByRole('button', { name: 'Sign the agreement' }).click();
      await page.locator('[data-testid="cosign-mark"][data-signed="true"]').first().waitFor();
    }
    for (const page of pages) {
      for (const node of ['zj-taishun', 'fj-shouning'])
        await page
          .locator(`[data-testid="cosign-mark"][data-node="${node}"][data-signed="true"]`)
          .waitFor({ timeout: 30_000 });
    }
    await screenshot(pages[1]!, 'mediation-cosigned');
    for (const page of pages) await page.context().close();
  });

  it('an officer sees no admin, audit or dashboard pages; their direct URLs say not allowed', async () => {
    const page = await signInConsole(await officerContext(browser), pair.zj.url, 'zj.officer');
    const nav = page.getByRole('navigation');
    expect(await nav.getByRole('link', { name: 'Duty desk' }).count()).toBe(1);
    for (const name of ['Administration', 'Audit', 'Command dashboard', 'Links & reconciliation'])
      expect(await nav.getByRole('link', { name }).count(), name).toBe(0);
    for (const path of ['/admin', '/audit', '/dashboard', '/links']) {
      await page.goto(`${pair.zj.url}${path}`);
      await page.getByTestId('not-allowed').waitFor();
    }
    await screenshot(page, 'not-allowed');
    await page.context().close();
  });

  it('every page passes axe-core with no serious or critical violation, and breaks no rule of its CSP', {
    timeout: 240_000,
  }, async () => {
    const found: string[] = [];
    const csp: string[] = [];
    const check = async (page: Page, name: string) => {
      await settled(page);
      await screenshot(page, `page-${name}`);
      found.push(...(await seriousViolations(page)).map((v) => `${name}: ${v}`));
    };
    const signin = await (await officerContext(browser)).newPage();
    await signin.goto(`${pair.zj.url}/signin`);
    await signin.locator('#username').waitFor();
    found.push(...(await seriousViolations(signin)).map((v) => `signin: ${v}`));
    await screenshot(signin, 'page-signin');
    await signin.context().close();

    const [request] = (await (await actAs(pair.zj, 'zj.duty')).assistance.list({ limit: 1 })).items;
    const [notice] = (await (await actAs(pair.zj, 'zj.duty')).notice.list({ limit: 1 })).items;
    const [mediation] = (await (await actAs(pair.zj, 'zj.duty')).mediation.list({ limit: 1 })).items;
    const records = [`/requests/${request!.id}`, `/notices/${notice!.id}`, `/mediations/${mediation!.id}`];
    for (const user of ['zj.duty', 'zj.command', 'zj.auditor', 'zj.admin']) {
      const context = await officerContext(browser);
      context.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) csp.push(`${user}: ${m.text()}`);
      });
      const page = await signInConsole(context, pair.zj.url, user);
      const links = await page
        .getByRole('navigation')
        .getByRole('link')
        .evaluateAll((all) => all.map((a) => a.getAttribute('href')));
      const extra = user === 'zj.duty' ? ['/notices/new', '/mediations/new', ...records] : [];
      for (const path of [...links, ...extra]) {
        await page.goto(`${pair.zj.url}${path}`);
        await check(page, `${user}${path!.replace(/\//g, '-').replace(/-[0-9a-f-]{36}$/, '-record')}`);
      }
      await page.context().close();
    }
    expect(found).toEqual([]);
    expect(csp).toEqual([]);
  });
});
