/**
 * `npm run bench -- web`: the officer console as a duty officer meets it.
 * - Latency: a request filed on zj (`assistance.file`) until its row is visible on fj's duty desk, open
 *   in headless Chromium: 50 filings at one per second (10 with --quick); p50 and p95. Target p95 ≤ 1 s.
 * - Size: the console's initial JavaScript (the entry script and what index.html preloads), gzip.
 *   Target ≤ 300 KB.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildConsoleIfStale } from '@tiemeng/api/demo';
import { actAs, startTestPair } from '@tiemeng/api/testing';
import { chromium } from 'playwright-core';
import type { BenchContext } from './support/context.ts';
import { percentiles, round, sleepUntil } from './support/measure.ts';
import type { Target } from './support/targets.ts';

const DIST = path.join(import.meta.dirname, '../packages/web/dist');
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const SEEN_WAIT_MS = 30_000;

/**
 * Runs in the page: notes the wall-clock time each desk row first appears, by its record id
 * (a string, as the bench's own program has no DOM types).
 */
const WATCH_ROWS = `(() => {
  window.rowSeenAt = {};
  const note = () => {
    for (const row of document.querySelectorAll('[data-testid="request-row"]')) {
      const id = row.getAttribute('data-id');
      if (id && !(id in window.rowSeenAt)) window.rowSeenAt[id] = Date.now();
    }
  };
  note();
  new MutationObserver(note).observe(document.body, { childList: true, subtree: true });
})()`;

export async function run(ctx: BenchContext) {
  if (!buildConsoleIfStale(ctx.log))
    throw new Error('the console (packages/web) is missing or did not build');
  const initialJs = await initialJavaScript();
  const filings = ctx.quick ? 10 : 50;
  const pair = await startTestPair(ctx.serverUrl);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${pair.fj.url}/signin?lang=en`);
    await page.locator('#username').fill('fj.duty');
    await page.locator('#password').fill('tiemeng-demo');
    await page.locator('form button[type=submit]').click();
    await page.waitForURL('**/desk');
    await page.locator('[data-testid="feed-status"][data-state="live"]').waitFor({ timeout: 30_000 });
    await page.evaluate(WATCH_ROWS);

    const luoyang = await actAs(pair.zj, 'zj.officer');
    const filedAt = new Map<string, number>();
    ctx.log(`${filings} filings on zj at one per second, each timed until its row shows on fj's desk`);
    const start = performance.now();
    for (let i = 0; i < filings; i++) {
      await sleepUntil(start + i * 1_000);
      const t0 = Date.now();
      const { id } = await luoyang.assistance.file({
        requestingStation: 'zj-luoyang',
        addressedStation: 'fj-xixi',
        category: 'vehicle_check',
        priority: i % 5 === 0 ? 'urgent' : 'normal',
        title: `核查车辆 #${i + 1}`,
        details: 'Benchmark filing: a vehicle to check at the Xixi bridge.',
        subjects: { persons: [], vehicles: [{ plate: `闽J·${String(10000 + i)}` }] },
        incident: {},
        attachments: [],
      });
      filedAt.set(id, t0);
    }
    const seen = await waitForRows(page, [...filedAt.keys()]);
    const latencies = [...filedAt].map(([id, t0]) => seen[id]! - t0);
    return {
      filings,
      ratePerSecond: 1,
      fileToDeskMs: percentiles(latencies),
      initialJs,
      target: { p95MsAtMost: 1_000, initialJsGzipKBAtMost: 300 },
    };
  } finally {
    await browser.close();
    await pair.destroy();
  }
}

/** Waits until every row has shown (bounded); returns when each was first seen. */
async function waitForRows(
  page: import('playwright-core').Page,
  ids: string[],
): Promise<Record<string, number>> {
  const deadline = Date.now() + SEEN_WAIT_MS;
  for (;;) {
    const seen = (await page.evaluate('window.rowSeenAt')) as Record<string, number>;
    const missing = ids.filter((id) => !(id in seen));
    if (missing.length === 0) return seen;
    if (Date.now() > deadline) throw new Error(`${missing.length} filed requests never showed on the desk`);
    await page.waitForTimeout(200);
  }
}

/** The entry script and the modules index.html preloads: what runs before the first screen. */
async function initialJavaScript() {
  const html = await readFile(path.join(DIST, 'index.html'), 'utf8');
  const files = [
    ...html.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  let raw = 0;
  let gzip = 0;
  for (const file of new Set(files)) {
    const bytes = await readFile(path.join(DIST, file.replace(/^\//, '')));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: files.length, rawKB: round(raw / 1024), gzipKB: round(gzip / 1024) };
}

export function targets(f: Awaited<ReturnType<typeof run>>): Target[] {
  return [
    {
      measure: `assistance.file on zj → row on fj's open desk (${f.filings} at 1/s)`,
      result: `p95 ${f.fileToDeskMs.p95} ms (p50 ${f.fileToDeskMs.p50} ms)`,
      baseline: '',
      ratio: null,
      target: 'p95 ≤ 1000 ms',
      met: f.fileToDeskMs.p95 <= 1_000,
    },
    {
      measure: 'console initial JavaScript, gzip',
      result: `${f.initialJs.gzipKB} KB (${f.initialJs.files} files, ${f.initialJs.rawKB} KB raw)`,
      baseline: '',
      ratio: null,
      target: '≤ 300 KB',
      met: f.initialJs.gzipKB <= 300,
    },
  ];
}
