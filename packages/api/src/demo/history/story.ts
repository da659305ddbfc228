import type { inferRouterInputs } from '@trpc/server';
import type { callerFor } from '../../node/in-process-caller.ts';
import type { AppRouter } from '../../routers/app-router.ts';
import type { DemoSide } from '../demo-topology.ts';

/** What a step may call: the in-process, audited procedures of its node as one demo officer. */
export type Caller = ReturnType<typeof callerFor>;
/** What each procedure takes, as the router declares it (e.g. `Input['notice']['issue']`). */
export type Input = inferRouterInputs<AppRouter>;

/** The step that creates the record; answers it, with its id. */
export type Create = (caller: Caller) => Promise<{ id: string }>;
/** A later step on the record the story created. */
export type Act = (caller: Caller, recordId: string) => Promise<unknown>;

/** A step as written in a story: minutes after its start, the side and officer taking it, and the call. */
export type Plan<R extends Create | Act = Act> = [minutes: number, side: DemoSide, user: string, run: R];

/** One step of a record's story, by one officer of one side, at a moment of 2025 (China time). */
export type Step = { at: string; side: DemoSide; user: string } & ({ create: Create } | { act: Act });

export interface Story {
  name: string;
  steps: Step[];
}

/**
 * Builds the steps of a story from a start time and minute offsets: the first creates the record,
 * the others act on it.
 *
 * @example
 * story('request-1', '2025-01-03T01:00:00Z', [
 *   [0, 'zj', 'zj.officer', (c) => c.assistance.file({ … })],
 *   [10, 'fj', 'fj.duty', (c, id) => c.assistance.acknowledge({ id })],
 * ]);
 */
export function story(name: string, start: string, [first, ...rest]: [Plan<Create>, ...Plan[]]): Story {
  const t0 = Date.parse(start);
  const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();
  const [minutes, side, user, create] = first;
  return {
    name,
    steps: [
      { at: at(minutes), side, user, create },
      ...rest.map(([minutes, side, user, act]) => ({ at: at(minutes), side, user, act })),
    ],
  };
}
