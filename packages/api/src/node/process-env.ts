/**
 * glibc's setting for a node's process: blocks of 128 KiB and more are always mapped on their own
 * and given back when freed. By default glibc raises that threshold once such a block is freed, so
 * the 19 MiB each argon2id hash takes (every sign-in, on any of the thread pool's threads) then
 * comes from the threads' heaps and stays in the process: about 100 MB of RSS after a few
 * sign-ins, which a node never uses again. Has no effect with another C library.
 */
export const MALLOC_TUNABLE = 'glibc.malloc.mmap_threshold=131072';

/**
 * `env` for starting a node's process (the demo's, a test's), with {@link MALLOC_TUNABLE} added to
 * any `GLIBC_TUNABLES` already set. The systemd unit in `ops/systemd` sets the same.
 *
 * @example
 * spawn(process.execPath, [nodeBin, 'serve'], { env: nodeProcessEnv(process.env) });
 */
export function nodeProcessEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const tunables = env.GLIBC_TUNABLES;
  if (tunables?.includes('glibc.malloc.mmap_threshold=')) return env;
  return { ...env, GLIBC_TUNABLES: tunables ? `${tunables}:${MALLOC_TUNABLE}` : MALLOC_TUNABLE };
}
