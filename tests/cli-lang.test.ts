import { runBin } from '@tiemeng/api/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliBin, cliFor, tempConfigDir } from './support/cli.ts';

describe("the CLI's own help and errors follow --lang zh (and TIEMENG_LANG)", () => {
  let cli: ReturnType<typeof cliFor>;
  let configDir: string;
  beforeAll(async () => {
    configDir = await tempConfigDir();
    cli = cliFor(configDir);
  });

  it('help: descriptions, options, headings and commander notes in Chinese', async () => {
    const top = await cli(['--lang', 'zh', '--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^用法： tiemeng/);
    expect(top.stdout).toMatch(/^选项：$/m);
    expect(top.stdout).toMatch(/^命令：$/m);
    expect(top.stdout).toMatch(/requests\s+协查请求/);
    expect(top.stdout).toMatch(/-h, --help\s+显示命令帮助/);
    const file = await cli(['--lang=zh', 'requests', 'file', '--help']);
    expect(file.stdout).toMatch(/向对方派出所发起协查请求/);
    expect(file.stdout).toMatch(/--priority <priority>\s+\(可选: "urgent", "normal", 默认: "normal"\)/);
    // English stays as written.
    expect((await cli(['--lang', 'en', 'requests', 'file', '--help'])).stdout).toMatch(
      /file a request to a partner station/,
    );
  });

  it("commander's usage errors and the CLI's own errors in Chinese, exit codes unchanged", async () => {
    const missing = await cli(['--lang', 'zh', 'requests', 'file', '--to', 'zj-luoyang']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^错误：缺少必需选项 '--category <category>'/);
    const choice = await cli(['--lang', 'zh', 'mediations', 'list', '--status', 'nope']);
    expect(choice.code).toBe(2);
    expect(choice.stderr).toMatch(/^错误：选项 '--status <status\.\.\.>' 的值 'nope' 无效。 可选值：open, /);
    const typo = await cli(['--lang', 'zh', 'requests', 'fil']);
    expect(typo.stderr).toMatch(/^错误：未知命令 'fil'\n（是否想输入 file？）/);
    const notSignedIn = await cli(['--lang', 'zh', 'whoami']);
    expect(notSignedIn).toMatchObject({
      code: 3,
      stderr: 'tiemeng: 尚未登录：请运行 `tiemeng login --node URL --user NAME`\n',
    });
    const json = await cli(['--lang', 'zh', '--json', 'inbox', '--limit', 'x']);
    expect(JSON.parse(json.stderr)).toEqual({
      error: { code: 'USAGE', message: "选项 '--limit <n>' 的值 'x' 无效。 须为正整数。", exitCode: 2 },
    });
  });

  it('TIEMENG_LANG=zh without --lang; --lang en wins over it', async () => {
    const env = { TIEMENG_CONFIG_DIR: configDir, TIEMENG_LANG: 'zh' };
    expect((await runBin(cliBin, ['whoami'], env)).stderr).toMatch(/尚未登录/);
    expect((await runBin(cliBin, ['--help'], env)).stdout).toMatch(/^用法：/);
    expect((await runBin(cliBin, ['--lang', 'en', 'whoami'], env)).stderr).toMatch(/Not signed in/);
  });
});
