import { describe, expect, it } from 'vitest';
import {
  limitOldGenerationGrowth,
  MALLOC_TUNABLE,
  nodeProcessEnv,
  OLD_GENERATION_GROWTH,
  YOUNG_GENERATION_OPTION,
} from './process-env.ts';

describe("a node process's environment", () => {
  it('adds the allocator setting and the young generation cap, keeping the other variables', () => {
    expect(nodeProcessEnv({ PATH: '/bin' })).toEqual({
      PATH: '/bin',
      GLIBC_TUNABLES: MALLOC_TUNABLE,
      NODE_OPTIONS: YOUNG_GENERATION_OPTION,
    });
    const env = nodeProcessEnv({
      GLIBC_TUNABLES: 'glibc.malloc.arena_max=2',
      NODE_OPTIONS: '--enable-source-maps',
    });
    expect(env.GLIBC_TUNABLES).toBe(`glibc.malloc.arena_max=2:${MALLOC_TUNABLE}`);
    expect(env.NODE_OPTIONS).toBe(`--enable-source-maps ${YOUNG_GENERATION_OPTION}`);
  });

  it("leaves an operator's own threshold and semi-space size as they are", () => {
    const env = {
      GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=65536',
      NODE_OPTIONS: '--max-semi-space-size=32',
    };
    expect(nodeProcessEnv(env)).toBe(env);
    expect(nodeProcessEnv({ GLIBC_TUNABLES: MALLOC_TUNABLE }).NODE_OPTIONS).toBe(YOUNG_GENERATION_OPTION);
    expect(nodeProcessEnv({ NODE_OPTIONS: '--max-semi-space-size=8' }).NODE_OPTIONS).toBe(
      '--max-semi-space-size=8',
    );
  });
});

describe("a node process's old generation", () => {
  it('grows by half its live size before V8 collects it, unless the command line says otherwise', () => {
    const set: string[] = [];
    limitOldGenerationGrowth(['--enable-source-maps'], (flags) => set.push(flags));
    expect(set).toEqual([OLD_GENERATION_GROWTH]);
    limitOldGenerationGrowth(['--heap-growing-percent=80'], (flags) => set.push(flags));
    expect(set).toEqual([OLD_GENERATION_GROWTH]);
  });
});
