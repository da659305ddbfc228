import { actAs, behindTheBack, eventually, startTestPair, type TestPair } from '@tiemeng/api/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { interceptFourSuspects } from './support/assistance.ts';
import { cliFor, cliLogin, tempConfigDir } from './support/cli.ts';

/** Characters a terminal acts on: C0/C1 controls (LF aside, checked per line), DEL, bidi marks. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these characters are what it looks for
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const HOSTILE = 'Normal\u001b[31m item\u0007\b\r\n| forged | row |\u202egpj.exe';

describe('partner text cannot act on the duty officer terminal', () => {
  let pair: TestPair;
  let luoyang: ReturnType<typeof cliFor>;
  beforeAll(async () => {
    pair = await startTestPair(inject('testServerUrl'));
    luoyang = cliFor(await tempConfigDir());
    expect((await cliLogin(luoyang, pair.zj.url, 'zj.duty')).code).toBe(0);
  });
  afterAll(() => pair.destroy());

  it('a title with escapes, bell, backspace, CR/LF or U+202E is refused, naming the field', async () => {
    const xixi = cliFor(await tempConfigDir());
    await cliLogin(xixi, pair.fj.url, 'fj.officer');
    const filed = await xixi([
      'requests',
      'file',
      '--to',
      'zj-luoyang',
      '--category',
      'other',
      '--title',
      HOSTILE,
      '--details',
      'x',
    ]);
    expect(filed.code).toBe(2);
    expect(filed.stderr).toMatch(/INVALID_INPUT: .*title: no control, bidi or line-break characters/);
    // The error line itself carries no raw control character either.
    expect(filed.stderr.trimEnd()).not.toMatch(RAW);

    const api = await actAs(pair.fj, 'fj.officer');
    await expect(api.assistance.file({ ...interceptFourSuspects, title: 'a\u202eb' })).rejects.toMatchObject({
      appCode: 'INVALID_INPUT',
      fields: [{ path: 'title', messageZh: '不得含控制字符、双向文字控制符或换行' }],
    });
    // zod's own checks are named in Chinese too, for the console's zh forms.
    await expect(api.assistance.file({ ...interceptFourSuspects, title: '' })).rejects.toMatchObject({
      fields: [{ path: 'title', messageZh: '必填' }],
    });
    await expect(
      api.assistance.file({ ...interceptFourSuspects, title: 'x'.repeat(201) }),
    ).rejects.toMatchObject({
      fields: [{ path: 'title', messageZh: '最多 200 个字符' }],
    });
    // Prose keeps its line feeds.
    const ok = await api.assistance.file({ ...interceptFourSuspects, details: 'line one\nline two' });
    expect(ok.state.details).toBe('line one\nline two');
  });

  it('text that is already stored (an older partner, a database edit) prints escaped in inbox and lists', async () => {
    const api = await actAs(pair.fj, 'fj.officer');
    const { id } = await api.assistance.file(interceptFourSuspects);
    await eventually(async () => {
      const r = await pair.zj.services.db
        .selectFrom('record_projection')
        .select('record_id')
        .where('record_id', '=', id)
        .executeTakeFirst();
      return r !== undefined;
    }, 'the request reaches Luoyang');
    await behindTheBack(pair.zj, [
      sql`update record_projection set state = jsonb_set(state, '{title}', to_jsonb(${HOSTILE}::text)) where record_id = ${id}`,
    ]);

    for (const args of [['inbox'], ['requests', 'list'], ['requests', 'show', id], ['--json', 'inbox']]) {
      const out = await luoyang(args);
      expect(out.code, args.join(' ')).toBe(0);
      expect(out.stdout, args.join(' ')).toContain(id);
      for (const line of out.stdout.split('\n')) expect(line, args.join(' ')).not.toMatch(RAW);
    }
    const rows = (await luoyang(['inbox'])).stdout.split('\n');
    // One row for the request, the forged "row" on the same line, shown as escapes.
    expect(rows.filter((l) => l.includes('forged'))).toEqual([expect.stringContaining(id)]);
    expect(rows.find((l) => l.includes(id))).toContain('Normal\\x1b[31m item\\x07\\x08\\x0d\\x0a| forged');
  });
});
