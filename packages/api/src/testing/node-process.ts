import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { DemoSide } from '../demo/demo-topology.ts';
import { nodeProcessEnv } from '../node/process-env.ts';
import type { StartNodeOptions } from '../node/start-node.ts';

export interface NodeProcessOptions {
  side: DemoSide;
  /** The node's database, which outlives the process. */
  connectionString: string;
  urls: Record<DemoSide, string>;
  port: number;
  /** Notes to write to the other side right after start. */
  writeNotes?: number;
  delivery?: StartNodeOptions['delivery'];
}

const script = path.join(import.meta.dirname, 'node-process-main.ts');

/**
 * Starts a test node in a child process, so a test can SIGKILL it or a benchmark can give it a core
 * of its own. Resolves once the child prints `waitFor` (`ready`, or a progress line like `wrote 60`).
 *
 * @example
 * const fj = await spawnTestNode({ side: 'fj', connectionString, urls, port });
 * await kill9(fj);
 */
export function spawnTestNode(options: NodeProcessOptions, waitFor = 'ready'): Promise<ChildProcess> {
  const child = spawn(process.execPath, [script, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: nodeProcessEnv(process.env),
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not print "${waitFor}"`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(waitFor)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited early (${code})`));
    });
  });
}

/** Kills a child node at once, as a power cut would; resolves when it is gone. */
export function kill9(child: ChildProcess): Promise<void> {
  return stop(child, 'SIGKILL');
}

/** Asks a child node to stop gracefully; resolves when it is gone. */
export function terminate(child: ChildProcess): Promise<void> {
  return stop(child, 'SIGTERM');
}

/** Stops a child as Ctrl-C in its terminal would; resolves when it is gone. */
export function interrupt(child: ChildProcess): Promise<void> {
  return stop(child, 'SIGINT');
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
