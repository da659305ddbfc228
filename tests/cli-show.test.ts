import { actAs, eventually, runBin, startTestPair, type TestPair } from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { interceptFourSuspects } from './support/assistance.ts';
import { cliBin, cliFor, cliLogin, tempConfigDir } from './support/cli.ts';
import { teaFieldBoundary } from './support/mediation.ts';
import { FUGITIVE_ID, missingGrandfather } from './support/notice.ts';

/** An ISO instant as the API writes it: the CLI must not print these. */
const UTC_STAMP = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/;

describe('show commands print the substance, in the node time zone', () => {
  let pair: TestPair;
  let configDir: string;
  let luoyang: ReturnType<typeof cliFor>;
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'));
    configDir = await tempConfigDir();
    luoyang = cliFor(configDir);
    expect((await cliLogin(luoyang, pair.zj.url, 'zj.duty')).code).toBe(0);
  });
  afterAll(() => pair.destroy());

  it('requests show: persons and vehicles, info asked and answered, remarks, result, completion due', async () => {
    const xixi = await actAs(pair.fj, 'fj.officer');
    const zjDuty = await actAs(pair.zj, 'zj.duty');
    const zjOfficer = await actAs(pair.zj, 'zj.officer');
    const { id } = await xixi.assistance.file({
      ...interceptFourSuspects,
      subjects: {
        persons: [
          {
            name: '张某',
            sex: 'male',
            approximateAge: 30,
            idNumber: FUGITIVE_ID,
            description: 'black jacket',
          },
        ],
        vehicles: [{ plate: '闽J·7K2X9', make: 'Wuling', colour: 'white' }],
      },
    });
    const reached = (who: typeof xixi, ok: (status: string) => boolean, what: string) =>
      eventually(async () => ok((await who.assistance.get({ id }).catch(() => null))?.status ?? ''), what);
    await reached(zjDuty, (s) => s === 'filed', 'the request reaches Luoyang');
    await zjDuty.assistance.acknowledge({ id, remark: '已安排S205卡口' });
    await zjOfficer.assistance.requestInfo({ id, text: 'Send the CCTV stills' });
    await reached(xixi, (s) => s === 'info_requested', 'the question reaches Xixi');
    await xixi.assistance.provideInfo({ id, text: 'Stills sent by fax at 02:10' });
    await reached(zjOfficer, (s) => s === 'info_provided', 'the answer reaches Luoyang');
    const before = await zjOfficer.assistance.get({ id });

    const open = (await luoyang(['--lang', 'en', 'requests', 'show', id])).stdout;
    expect(open).toContain('Completion due: ');
    expect(open).toMatch(/Incident place: 犀溪镇仙宫桥停车场/);
    expect(open).toMatch(/Incident time: 2025-06-14 01:40 \+08:00/);
    expect(open).toMatch(/张某\s+male\s+30\s+3303\*{10}1235\s+black jacket/);
    expect(open).not.toContain(FUGITIVE_ID);
    expect(open).toMatch(/闽J·7K2X9\s+Wuling\s+white/);
    expect(open).toMatch(/asked\s+zj-taishun\s+Send the CCTV stills/);
    expect(open).toMatch(/answered\s+fj-shouning\s+Stills sent by fax at 02:10/);
    expect(open).toMatch(/acknowledge\s+zj\.duty\s+已安排S205卡口/);
    expect(open).not.toMatch(UTC_STAMP);
    expect(open).toContain(`Filed: ${localShanghai(before.state.filedAt)}`);

    await zjOfficer.assistance.start({ id });
    await zjOfficer.assistance.complete({
      id,
      outcome: 'intercepted',
      text: 'All four intercepted at the S205 checkpoint.\nHanded over at 04:00.',
      suspectsIntercepted: 4,
      caseSolved: true,
    });
    const done = (await luoyang(['--lang', 'en', 'requests', 'show', id])).stdout;
    expect(done).toMatch(/Result: intercepted\n/);
    expect(done).toContain(
      'Result text:\n  All four intercepted at the S205 checkpoint.\n  Handed over at 04:00.\n',
    );
    expect(done).toMatch(/Suspects intercepted: 4\n/);
    expect(done).toMatch(/Case solved: yes\n/);
    expect(done).not.toContain('Completion due');
    const zh = (await luoyang(['--lang', 'zh', 'requests', 'show', id])).stdout;
    expect(zh).toMatch(/办理结果: 已拦截/);
    expect(zh).toContain('追逃堵截');
  });

  it('notices show: subject details, circumstances and resolution; TIEMENG_TZ changes the zone', async () => {
    const xixi = await actAs(pair.fj, 'fj.officer');
    const { id } = await xixi.notice.issue(missingGrandfather);
    await xixi.notice.resolve({ id, outcome: 'found_safe', remark: '在泰顺县城找到，已送回家' });
    const zj = await actAs(pair.zj, 'zj.officer');
    await eventually(
      async () => (await zj.notice.get({ id })).status === 'resolved',
      'resolution reaches Luoyang',
    );

    const shown = (await luoyang(['--lang', 'en', 'notices', 'show', id])).stdout;
    expect(shown).toMatch(/Description: 灰色中山装，拄拐杖/);
    expect(shown).toMatch(/Born: 1946-03-02/);
    expect(shown).toMatch(/Circumstances: 午饭后独自出门未归/);
    expect(shown).toMatch(/Vulnerability: elderly, dementia/);
    expect(shown).toMatch(/Last seen: 寿宁县犀溪镇仙宫桥 {2}2025-06-14 16:00 \+08:00/);
    expect(shown).toMatch(/Resolution: found_safe\n/);
    expect(shown).toMatch(/Remark: 在泰顺县城找到，已送回家/);
    expect(shown).not.toMatch(UTC_STAMP);

    const utc = await runBin(cliBin, ['--lang', 'en', 'notices', 'show', id], {
      TIEMENG_CONFIG_DIR: configDir,
      TIEMENG_LANG: 'en',
      TIEMENG_TZ: 'UTC',
    });
    expect(utc.stdout).toMatch(/Last seen: 寿宁县犀溪镇仙宫桥 {2}2025-06-14 08:00 \+00:00/);
  });

  it('mediations show: parties, mediators, terms and who has signed', async () => {
    const officer = await actAs(pair.zj, 'zj.officer');
    const { id } = await officer.mediation.open(teaFieldBoundary);
    const proposed = await officer.mediation.proposeAgreement({
      id,
      terms: '以老界碑为准。\n双方各自修整排水沟。',
    });
    await (await actAs(pair.zj, 'zj.duty')).mediation.signAgreement({
      id,
      termsHash: proposed.state.agreement!.termsHash,
    });

    const shown = (await luoyang(['--lang', 'en', 'mediations', 'show', id])).stdout;
    expect(shown).toMatch(/吴某\s+claimant\s+zhejiang\s+0577-0000000/);
    expect(shown).toMatch(/罗阳所民警 陈某\s+officer\s+zj-taishun/i);
    expect(shown).toContain('Terms:\n  以老界碑为准。\n  双方各自修整排水沟。\n');
    expect(shown).toMatch(/Agreement: awaiting the other side/);
    expect(shown).toMatch(/zj-taishun\s+zj-luoyang\s+zj\.duty\s+\d{4}-\d\d-\d\d \d\d:\d\d \+08:00/);
    expect(shown).not.toMatch(UTC_STAMP);
  });
});

/** The CLI's rendering of an instant in Asia/Shanghai (UTC+8, no daylight saving). */
function localShanghai(iso: string) {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)} +08:00`;
}
