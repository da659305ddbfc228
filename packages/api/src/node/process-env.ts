import { setFlagsFromString } from 'node:v8';

/**
 * glibc's setting for a node's process: blocks of 128 KiB and more are always mapped on their own
 * and given back when freed. By default glibc raises that threshold once such a block is freed, so
 * the 19 MiB each argon2id hash takes (every sign-in, on any of the thread pool's threads) then
 * comes from the threads' heaps and stays in the process: about 100 MB of RSS after a few
 * sign-ins, which a node never uses again. Has no effect with another C library.
 */
export const MALLOC_TUNABLE = 'glibc.malloc.mmap_threshold=131072';

/**
 * V8's young generation for a node's process: semi-spaces of at most 16 MiB (Node's documented
 * default). Node 24 lets them grow to about 64 MiB each, and a sync catch-up does grow them: every
 * batch it receives stays alive across several scavenges (verified while the one before is stored),
 * so V8 sees a high survival rate and enlarges the young generation until both semi-spaces hold
 * about 120 MB of RSS, kept after the catch-up. Capped, the batches move to the old generation a
 * little sooner and are collected there; a catch-up's rate stays within the noise of a shared machine.
 */
export const YOUNG_GENERATION_OPTION = '--max-semi-space-size=16';

/**
 * `env` for starting a node's process (the demo's, a test's), with {@link MALLOC_TUNABLE} added to
 * any `GLIBC_TUNABLES` already set and {@link YOUNG_GENERATION_OPTION} to any `NODE_OPTIONS`; an
 * operator's own setting of either is kept. The systemd unit in `ops/systemd` sets the same.
 *
 * @example
 * spawn(process.execPath, [nodeBin, 'serve'], { env: nodeProcessEnv(process.env) });
 */
export function nodeProcessEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const tunables = env.GLIBC_TUNABLES;
  const options = env.NODE_OPTIONS;
  const added: NodeJS.ProcessEnv = {};
  if (!tunables?.includes('glibc.malloc.mmap_threshold=')) {
    added.GLIBC_TUNABLES = tunables ? `${tunables}:${MALLOC_TUNABLE}` : MALLOC_TUNABLE;
  }
  if (!options?.includes('--max-semi-space-size')) {
    added.NODE_OPTIONS = options ? `${options} ${YOUNG_GENERATION_OPTION}` : YOUNG_GENERATION_OPTION;
  }
  return Object.keys(added).length === 0 ? env : { ...env, ...added };
}

/**
 * How far V8 lets a node's old generation grow past what it held after its last full collection:
 * half as much again. V8 otherwise allows up to four times, and a sync catch-up fills that room with
 * garbage: batches promoted while in flight (verified while the one before is stored), and their
 * request bodies and statement parameters, strings of 0.6–1.4 MB each. The receiver's RSS then saws
 * between its live size and about 150 MB more. Collected at half as much again, the old generation
 * stays within some 40 MB and the catch-up keeps its rate. Read by V8 at each collection, so it is
 * set at run time (Node does not take it in `NODE_OPTIONS`).
 */
export const OLD_GENERATION_GROWTH = '--heap-growing-percent=50';

/**
 * Sets {@link OLD_GENERATION_GROWTH} for this process, unless its command line sets the growth
 * itself. Called by `startNode`, so a node has it however it is started.
 */
export function limitOldGenerationGrowth(
  execArgv: readonly string[] = process.execArgv,
  setFlags: (flags: string) => void = setFlagsFromString,
): void {
  if (execArgv.some((a) => /^--heap[-_]growing[-_]percent/.test(a))) return;
  setFlags(OLD_GENERATION_GROWTH);
}
