import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { callerFor } from '../../node/in-process-caller.ts';
import type { NodeServices } from '../../node/node-services.ts';
import type { DemoSide } from '../demo-topology.ts';
import { DEMO_PASSWORD } from '../demo-topology.ts';
import type { SeedClock } from '../seed-clock.ts';
import type { Story } from './story.ts';

const WAIT_MS = 30_000;

/**
 * Replays `stories` through both nodes' real procedures with the clock stepping through their
 * times, so every event is signed, timed in the past, synced and audited like a live one. Steps
 * run in time order; a step waits until its node has received the record's earlier steps.
 * Seeds only an empty pair (idempotent across restarts). Returns the number of steps run.
 */
export async function seedHistory(
  nodes: Record<DemoSide, NodeServices>,
  clock: SeedClock,
  stories: readonly Story[],
  /** Told after each step (a progress bar on a terminal). */
  onStep: (done: number, total: number) => void = () => {},
): Promise<number> {
  const existing = await nodes.zj.db.selectFrom('record_projection').select('record_id').limit(1).execute();
  if (existing.length > 0) return 0;
  const steps = stories
    .flatMap((s, storyIndex) => s.steps.map((step, stepIndex) => ({ ...step, storyIndex, stepIndex })))
    .sort(
      (a, b) =>
        Date.parse(a.at) - Date.parse(b.at) || a.storyIndex - b.storyIndex || a.stepIndex - b.stepIndex,
    );
  const first = steps[0];
  if (!first) return 0;

  return clock.replay(first.at, async (manual) => {
    const callers = new Map<string, ReturnType<typeof callerFor>>();
    const callerOf = async (side: DemoSide, user: string) => {
      let caller = callers.get(user);
      if (!caller) {
        const { officer } = await callerFor(nodes[side]).auth.login({
          username: user,
          password: DEMO_PASSWORD,
        });
        caller = callerFor(nodes[side], officer);
        callers.set(user, caller);
      }
      return caller;
    };
    const ids = new Map<number, string>();
    let done = 0;
    for (const step of steps) {
      const at = Math.max(manual.now().getTime(), Date.parse(step.at));
      // Node tokens in flight carry the seeding clock's time: let deliveries land before it jumps,
      // or the receiver would find them expired and the sender would have to retry. (A safety-net
      // pull in flight at a jump still can be; pulls are rare while pushes keep links moving.)
      if (at > manual.now().getTime()) await untilInSync(nodes);
      manual.set(at);
      const caller = await callerOf(step.side, step.user);
      if ('create' in step) {
        ids.set(step.storyIndex, (await step.create(caller)).id);
      } else {
        const recordId = ids.get(step.storyIndex);
        if (!recordId) throw new Error(`story ${stories[step.storyIndex]!.name} did not create its record`);
        await untilReceived(nodes[step.side], recordId, step.stepIndex);
        await step.act(caller, recordId);
      }
      onStep(++done, steps.length);
    }
    await untilInSync(nodes);
    return steps.length;
  });
}

/** Waits until `node` holds at least `events` events of the record (the earlier steps of its story). */
async function untilReceived(node: NodeServices, recordId: string, events: number): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const row = await node.db
      .selectFrom('record_projection')
      .select(sql<number>`jsonb_array_length(timeline)`.as('events'))
      .where('record_id', '=', recordId)
      .executeTakeFirst();
    if (row && row.events >= events) return;
    await sleep(10);
  }
  throw new Error(`record ${recordId} did not reach ${node.config.nodeId} in time`);
}

async function untilInSync(nodes: Record<DemoSide, NodeServices>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  const heads = async (n: NodeServices) =>
    JSON.stringify(
      await n.db
        .selectFrom('link_head')
        .select(['from_node', 'to_node', 'seq'])
        .orderBy('from_node')
        .execute(),
    );
  while (Date.now() < deadline) {
    if ((await heads(nodes.zj)) === (await heads(nodes.fj))) return;
    await sleep(20);
  }
  throw new Error('the demo nodes did not converge after seeding');
}
