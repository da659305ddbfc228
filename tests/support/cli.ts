import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type CliResult, runBin } from '@tiemeng/api/testing';

export const cliBin = path.join(import.meta.dirname, '../../packages/client/bin/tiemeng.js');

/** Runs the `tiemeng` CLI as a subprocess with its own config dir (one per officer). Bounded to 30 s. */
export function cliFor(configDir: string) {
  return (args: string[], stdin?: string): Promise<CliResult> =>
    runBin(cliBin, args, { TIEMENG_CONFIG_DIR: configDir, TIEMENG_LANG: 'en', TIEMENG_PASSWORD: '' }, stdin);
}

export const tempConfigDir = () => mkdtemp(path.join(os.tmpdir(), 'tiemeng-cli-'));

/** `tiemeng login` of a demo officer at a node, the password on stdin (the demo password unless told). */
export const cliLogin = (
  cli: ReturnType<typeof cliFor>,
  url: string,
  user: string,
  password = 'tiemeng-demo',
) => cli(['login', '--node', url, '--user', user, '--password-stdin'], password);
