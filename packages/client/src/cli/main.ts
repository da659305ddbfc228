import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { appCodeOf, messageOf } from '../errors.ts';
import { registerAdmin } from './commands/admin.ts';
import { registerInbox } from './commands/inbox.ts';
import { registerLogin } from './commands/login.ts';
import { registerMediations } from './commands/mediations.ts';
import { registerNotices } from './commands/notices.ts';
import { registerOps } from './commands/ops.ts';
import { registerReconcile } from './commands/reconcile.ts';
import { registerRequests } from './commands/requests.ts';
import { registerStats } from './commands/stats.ts';
import { CliError, EXIT, exitCodeFor } from './exit-codes.ts';
import { localiseHelp, usageErrorText } from './help-text.ts';
import { langFrom } from './labels.ts';
import { printable } from './printable.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
// Known before parsing, so even a usage error is answered as JSON, and in the chosen language.
const jsonMode = process.argv.includes('--json');
const lang = langFrom(langArgument(process.argv));

/** The value of `--lang` (`--lang zh` or `--lang=zh`), if given. */
function langArgument(argv: string[]): string | undefined {
  for (const [i, arg] of argv.entries()) {
    if (arg === '--lang') return argv[i + 1];
    if (arg.startsWith('--lang=')) return arg.slice('--lang='.length);
  }
  return undefined;
}

/** A failure, one line for a person or one JSON object for a script (on standard error either way). */
function report(code: string | undefined, message: string, exitCode: number) {
  if (jsonMode)
    console.error(JSON.stringify({ error: { code: code ?? null, message: printable(message), exitCode } }));
  else console.error(`tiemeng: ${code ? `${code}: ` : ''}${printable(message)}`);
}

const program = new Command('tiemeng')
  .version(version, '-V, --version', 'the CLI version')
  .description('Tiemeng (铁盟警务) officer CLI: requests, notices, mediations, statistics')
  .option('--node <url>', 'node URL (default: TIEMENG_NODE or the last node signed in to)')
  .option('--json', 'machine-readable JSON output')
  .addOption(
    new Option('--lang <lang>', 'labels in zh or en (default: from the locale)').choices(['zh', 'en']),
  )
  .exitOverride()
  .showHelpAfterError(!jsonMode)
  .configureOutput({
    outputError: (text, write) => {
      const said = usageErrorText(text, lang);
      if (jsonMode) report('USAGE', said.replace(/^(error: |错误：)/, '').trim(), EXIT.usage);
      else write(said);
    },
  });

registerLogin(program);
registerAdmin(program);
registerRequests(program);
registerNotices(program);
registerMediations(program);
registerInbox(program);
registerStats(program);
registerOps(program);
registerReconcile(program);
localiseHelp(program, lang);

// Subcommands inherit exitOverride: usage errors exit 2, and every failure is one line, never a stack.
try {
  await program.parseAsync();
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode =
      err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? EXIT.ok : EXIT.usage;
  } else if (err instanceof CliError) {
    report(undefined, err.messageIn(lang), err.exitCode);
    process.exitCode = err.exitCode;
  } else {
    const appCode = appCodeOf(err);
    process.exitCode = exitCodeFor(appCode);
    report(appCode, messageOf(err, lang), process.exitCode);
  }
}
