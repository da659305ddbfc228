import { markRestore, sendAuditHeads, startTestPair, type TestPair } from '@tiemeng/api/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditHeadId, cutAuditAfter, heldAuditHead } from '../support/audit-chain.ts';
import { launchChromium, officerContext, screenshot, signInConsole } from '../support/browser.ts';
import { actAs } from '../support/officers.ts';

const ZJ = 'zj-taishun';

describe('the audit page states a restore and what it lost', () => {
  let pair: TestPair;
  let browser: Browser;
  beforeAll(async () => {
    // No background calls between the nodes (each is audited): the rows here are the test's own.
    [pair, browser] = await Promise.all([
      startTestPair(inject('testServerUrl'), { delivery: false }),
      launchChromium(),
    ]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await pair?.destroy();
  });

  it('an auditor verifying after a restore sees it named, with the rows the partner’s anchors show lost', async () => {
    const db = pair.zj.services.db;
    // The backup holds a few rows; it is "taken" at `kept`.
    for (let i = 0; i < 2; i++) await (await actAs(pair.zj, 'zj.duty')).auth.me();
    const kept = await auditHeadId(db);
    for (let i = 0; i < 3; i++) await (await actAs(pair.zj, 'zj.duty')).auth.me();
    await sendAuditHeads(pair.zj);
    const lost = await heldAuditHead(pair.fj.services.db, ZJ);
    // What restoring a backup that ended at `kept` leaves, recorded as `tiemeng-node restore` does.
    await cutAuditAfter(db, kept);
    const cut = await markRestore(db, {
      at: pair.zj.services.clock.now(),
      nodeId: ZJ,
      actorId: 'operator',
      backupTakenAt: '2026-12-01T02:00:00.000Z',
    });

    const page = await signInConsole(await officerContext(browser), pair.zj.url, 'zj.auditor');
    await page.goto(`${pair.zj.url}/audit`);
    await page.getByRole('button', { name: 'Verify the audit chain' }).first().click();
    await page.locator('[data-testid="audit-verdict"][data-ok="true"]').waitFor();
    const restore = page.getByTestId('audit-restore');
    await restore.waitFor();
    expect(await restore.innerText()).toMatch(
      new RegExp(
        `Restored at .* \\(audit row #${cut.restoreRowId}\\): rows written after #${kept} before the restore are lost\\s+` +
          `fj-shouning holds 1 anchor\\(s\\) of the lost rows #${kept + 1}–#${lost}`,
      ),
    );
    await screenshot(page, 'audit-restore');
  });
});
