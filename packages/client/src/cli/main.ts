import { Command, CommanderError, Option } from 'commander';
import { appCodeOf, messageOf } from '../errors.ts';
import { registerInbox } from './commands/inbox.ts';
import { registerLogin } from './commands/login.ts';
import { registerMediations } from './commands/mediations.ts';
import { registerNotices } from './commands/notices.ts';
import { registerOps } from './commands/ops.ts';
import { registerReconcile } from './commands/reconcile.ts';
import { registerRequests } from './commands/requests.ts';
import { registerStats } from './commands/stats.ts';
import { CliError, EXIT, exitCodeFor } from './exit-codes.ts';
import { langFrom } from './labels.ts';
import { printable } from './printable.ts';

const program = new Command('tiemeng')
  .description('Tiemeng (铁盟警务) officer CLI: requests, notices, mediations, statistics')
  .option('--node <url>', 'node URL (default: TIEMENG_NODE or the last node signed in to)')
  .option('--json', 'machine-readable JSON output')
  .addOption(
    new Option('--lang <lang>', 'labels in zh or en (default: from the locale)').choices(['zh', 'en']),
  )
  .exitOverride()
  .showHelpAfterError();

registerLogin(program);
registerRequests(program);
registerNotices(program);
registerMediations(program);
registerInbox(program);
registerStats(program);
registerOps(program);
registerReconcile(program);

// Subcommands inherit exitOverride: usage errors exit 2, and every failure is one line, never a stack.
try {
  await program.parseAsync();
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode =
      err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? EXIT.ok : EXIT.usage;
  } else if (err instanceof CliError) {
    console.error(`tiemeng: ${printable(err.message)}`);
    process.exitCode = err.exitCode;
  } else {
    const appCode = appCodeOf(err);
    const lang = langFrom(program.opts<{ lang?: string }>().lang);
    console.error(`tiemeng: ${appCode ? `${appCode}: ` : ''}${printable(messageOf(err, lang))}`);
    process.exitCode = exitCodeFor(appCode);
  }
}
