import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface Session {
  token: string;
  username: string;
  expiresAt: string;
  /** From then on, a command renews the token (`auth.refresh`): half-way through its life. */
  renewAfter?: string;
}

/** The session a sign-in or a renewal answered, kept as the CLI stores it. */
export function sessionOf(username: string, answer: { token: string; expiresAt: string }, now = Date.now()) {
  const halfway = now + (Date.parse(answer.expiresAt) - now) / 2;
  return {
    token: answer.token,
    username,
    expiresAt: answer.expiresAt,
    renewAfter: new Date(halfway).toISOString(),
  } satisfies Session;
}

interface Store {
  /** The node used when --node is not given: the last one signed in to. */
  current?: string;
  sessions: Record<string, Session>;
}

/** `$TIEMENG_CONFIG_DIR`, else `$XDG_CONFIG_HOME/tiemeng`, else `~/.config/tiemeng`. */
export function configDir(env = process.env): string {
  if (env.TIEMENG_CONFIG_DIR) return env.TIEMENG_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'tiemeng');
}

const storeFile = () => path.join(configDir(), 'sessions.json');

export async function readStore(): Promise<Store> {
  try {
    return JSON.parse(await readFile(storeFile(), 'utf8')) as Store;
  } catch {
    return { sessions: {} };
  }
}

/** Tokens are credentials: the file is written readable by its owner only (0600), its folder 0700. */
export async function writeStore(store: Store): Promise<void> {
  const file = storeFile();
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(store, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
}

export const normaliseUrl = (url: string) => url.replace(/\/+$/, '');
