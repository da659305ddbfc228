import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root and the console workspace in it. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const webDir = path.join(repoRoot, 'packages/web');

/** The newest modification time of the files under `dir` (0 when there are none). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/** True when this checkout has the console's workspace. */
export function hasConsole(): boolean {
  return existsSync(path.join(webDir, 'package.json'));
}

/** True when the console's build is missing or older than any of its sources. */
export function consoleIsStale(): boolean {
  const built = path.join(webDir, 'dist/index.html');
  if (!existsSync(built)) return true;
  const sources = ['src', 'public'].map((d) => newest(path.join(webDir, d)));
  for (const file of ['index.html', 'vite.config.ts', 'package.json']) {
    const p = path.join(webDir, file);
    if (existsSync(p)) sources.push(statSync(p).mtimeMs);
  }
  return Math.max(...sources) > statSync(built).mtimeMs;
}

/**
 * Builds the officer console (`npm run build -w @tiemeng/web`) when it is missing or stale, so
 * `npm start` and the browser tests always serve the current sources. Returns false when there is no
 * console workspace or its build failed (the node then serves a page saying how to build it).
 */
export function buildConsoleIfStale(log: (line: string) => void = console.log): boolean {
  if (!hasConsole()) return false;
  if (!consoleIsStale()) return true;
  log('building the officer console (npm run build -w @tiemeng/web) …');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const built = spawnSync(npm, ['run', 'build', '-w', '@tiemeng/web'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (built.status !== 0) log('the console did not build; the nodes run without it (see the errors above)');
  return built.status === 0;
}
