import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const bin = path.join(import.meta.dirname, '../../packages/client/bin/tiemeng.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the `tiemeng` CLI as a subprocess with its own config dir (one per officer). Bounded to 30 s. */
export function cliFor(configDir: string) {
  return (args: string[], stdin?: string): Promise<CliResult> =>
    runBin(bin, args, { TIEMENG_CONFIG_DIR: configDir, TIEMENG_LANG: 'en', TIEMENG_PASSWORD: '' }, stdin);
}

/** Runs one of our bin scripts as a subprocess with `env` added to this one's. Bounded to 30 s. */
export function runBin(
  script: string,
  args: string[],
  env: Record<string, string>,
  stdin?: string,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { ...process.env, ...env },
      timeout: 30_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

export const tempConfigDir = () => mkdtemp(path.join(os.tmpdir(), 'tiemeng-cli-'));

/** `tiemeng login` of a demo officer at a node, the password on stdin (the demo password unless told). */
export const cliLogin = (
  cli: ReturnType<typeof cliFor>,
  url: string,
  user: string,
  password = 'tiemeng-demo',
) => cli(['login', '--node', url, '--user', user, '--password-stdin'], password);
