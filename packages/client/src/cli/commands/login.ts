import { text } from 'node:stream/consumers';
import password from '@inquirer/password';
import type { Command } from 'commander';
import { createTiemengClient } from '../../tiemeng-client.ts';
import { cliContext, outputOptions } from '../cli-context.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { printJson, say } from '../output.ts';
import { normaliseUrl, readStore, sessionOf, writeStore } from '../session-store.ts';

/** A password from standard input (--password-stdin), TIEMENG_PASSWORD, or a masked prompt. */
export async function readPassword(opts: { passwordStdin?: boolean }): Promise<string> {
  if (opts.passwordStdin) return (await text(process.stdin)).replace(/\r?\n$/, '');
  if (process.env.TIEMENG_PASSWORD) return process.env.TIEMENG_PASSWORD;
  if (!process.stdin.isTTY)
    throw new CliError(
      {
        en: 'No password: use --password-stdin or TIEMENG_PASSWORD',
        zh: '没有密码：请用 --password-stdin 或 TIEMENG_PASSWORD',
      },
      EXIT.usage,
    );
  return password({ message: 'Password / 密码:', mask: '*' });
}

export function registerLogin(program: Command): void {
  program
    .command('passwd')
    .description('change your password (asked for twice; --password-stdin: current, then new, one a line)')
    .option('--password-stdin', 'read the current and the new password from standard input')
    .action(async (opts: { passwordStdin?: boolean }, command: Command) => {
      const ctx = await cliContext(command);
      let current: string;
      let next: string;
      if (opts.passwordStdin) {
        [current = '', next = ''] = (await text(process.stdin)).split(/\r?\n/);
      } else {
        if (!process.stdin.isTTY)
          throw new CliError(
            { en: 'No terminal: use --password-stdin', zh: '没有终端：请用 --password-stdin' },
            EXIT.usage,
          );
        current = await password({ message: 'Current password / 当前密码:', mask: '*' });
        next = await password({ message: 'New password / 新密码:', mask: '*' });
        const again = await password({ message: 'New password again / 再次输入新密码:', mask: '*' });
        if (again !== next)
          throw new CliError({ en: 'The new passwords differ', zh: '两次输入的新密码不一致' }, EXIT.usage);
      }
      const answer = await ctx.client.auth.changePassword.mutate({
        currentPassword: current,
        newPassword: next,
      });
      if (ctx.json) return printJson(answer ?? { ok: true });
      say('Password changed / 密码已修改');
    });

  program
    .command('login')
    .description('sign in to --node URL; the token is kept per node in your config dir (0600)')
    .requiredOption('--user <name>', 'your username')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (opts: { user: string; passwordStdin?: boolean }, command: Command) => {
      // --node is the global option, required here.
      const node = command.optsWithGlobals<{ node?: string }>().node ?? process.env.TIEMENG_NODE;
      if (!node)
        throw new CliError(
          { en: 'Give the node to sign in to: --node URL', zh: '请指定要登录的节点：--node URL' },
          EXIT.usage,
        );
      const nodeUrl = normaliseUrl(node);
      const secret = await readPassword(opts);
      const result = await createTiemengClient({ url: nodeUrl }).auth.login.mutate({
        username: opts.user,
        password: secret,
      });
      const store = await readStore();
      store.sessions[nodeUrl] = sessionOf(opts.user, result);
      store.current = nodeUrl;
      await writeStore(store);
      const { json } = outputOptions(command);
      if (json)
        printJson({
          node: nodeUrl,
          officer: result.officer,
          expiresAt: result.expiresAt,
          sessionEndsAt: result.sessionEndsAt,
        });
      else
        say(
          `Signed in to ${nodeUrl} as ${opts.user} (${result.officer.station}) until ${result.expiresAt}; ` +
            `commands renew it until ${result.sessionEndsAt}`,
        );
    });

  program
    .command('logout')
    .description('forget the token for a node (--node, TIEMENG_NODE, or the last signed in to)')
    .action(async (_opts, command: Command) => {
      const store = await readStore();
      const chosen =
        command.optsWithGlobals<{ node?: string }>().node ?? process.env.TIEMENG_NODE ?? store.current;
      const nodeUrl = chosen ? normaliseUrl(chosen) : undefined;
      if (!nodeUrl || !store.sessions[nodeUrl]) {
        say(nodeUrl ? `Not signed in to ${nodeUrl}` : 'Not signed in');
        return;
      }
      delete store.sessions[nodeUrl];
      if (store.current === nodeUrl) delete store.current;
      await writeStore(store);
      say(`Signed out of ${nodeUrl}`);
    });
}
