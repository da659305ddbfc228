import { describe, expect, it } from 'vitest';
import { MALLOC_TUNABLE, nodeProcessEnv } from './process-env.ts';

describe("a node process's environment", () => {
  it('adds the allocator setting, keeping the other tunables and variables', () => {
    expect(nodeProcessEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin', GLIBC_TUNABLES: MALLOC_TUNABLE });
    expect(nodeProcessEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }).GLIBC_TUNABLES).toBe(
      `glibc.malloc.arena_max=2:${MALLOC_TUNABLE}`,
    );
  });

  it("leaves an operator's own threshold as it is", () => {
    const env = { GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=65536' };
    expect(nodeProcessEnv(env)).toBe(env);
  });
});
