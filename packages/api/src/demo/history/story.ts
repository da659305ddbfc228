import type { DemoSide } from '../demo-topology.ts';

/** What a step may call: the in-process, audited procedures of its node as one demo officer. */
// biome-ignore lint/suspicious/noExplicitAny: each step calls a different procedure of the typed caller
export type Caller = any;

/** One step of a record's story, by one officer of one side, at a moment of 2025 (China time). */
export interface Step {
  at: string;
  side: DemoSide;
  user: string;
  /** Returns the record id when it creates the record. */
  run(caller: Caller, recordId: string | undefined): Promise<{ id: string } | unknown>;
}

export interface Story {
  name: string;
  steps: Step[];
}

/** Builds the steps of a story from a start time and minute offsets. */
export function story(
  name: string,
  start: string,
  steps: [minutes: number, side: DemoSide, user: string, run: Step['run']][],
): Story {
  const t0 = Date.parse(start);
  return {
    name,
    steps: steps.map(([minutes, side, user, run]) => ({
      at: new Date(t0 + minutes * 60_000).toISOString(),
      side,
      user,
      run,
    })),
  };
}
