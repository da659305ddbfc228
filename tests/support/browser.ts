import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs it); Playwright cannot download browsers here. */
export const CHROMIUM = '/usr/bin/chromium';
/**
 * Headless, and quiet: without the background-networking flags Chromium's own connections out are
 * refused by the closed network, many at a time.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Where screens are photographed (gitignored). */
export const SCREENSHOTS = path.join(import.meta.dirname, '../output/screenshots');

/** Chromium, headless; `launch` gives it a fresh user-data dir of its own, removed on close. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A browser context of its own (cookies, storage) per officer. The console speaks English in it (its
 * language choice, `tiemeng.lang`, set before any page runs), so tests read the English labels.
 */
export async function officerContext(browser: Browser, lang: 'en' | 'zh' = 'en'): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  context.setDefaultTimeout(30_000);
  await context.addInitScript(`localStorage.setItem('tiemeng.lang', ${JSON.stringify(lang)})`);
  return context;
}

/** Signs a demo officer in through the console's sign-in page; resolves on the page they land on. */
export async function signInConsole(
  context: BrowserContext,
  nodeUrl: string,
  username: string,
  password = 'tiemeng-demo',
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${nodeUrl}/signin`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('form button[type=submit]').click();
  await page.locator('nav').first().waitFor();
  return page;
}

/** Photographs the page into `SCREENSHOTS/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** axe-core's serious and critical violations on the page as it stands, summarised for a failure message. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}
