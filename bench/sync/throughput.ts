/**
 * Live throughput: urgent requests filed at zj by 50 officers' calls at once, through the service
 * layer with audit, until fj has verified, stored and folded them all; against single-row INSERT
 * transactions (8 clients) and the same writes in plain SQL in groups of the size the engine formed.
 * The three alternate in rounds (the order rotating each round), so a machine whose speed drifts
 * slows all three alike; each figure is the median round, each ratio the median of its rounds.
 */
import { type FilingOfficer, GROUPS_IN_FLIGHT, type TestNode } from '@tiemeng/api/testing';
import { sql } from 'kysely';
import { singleRowInserts } from '../support/baselines.ts';
import type { BenchContext } from '../support/context.ts';
import {
  median,
  percentiles,
  perSecond,
  round,
  runConcurrently,
  seconds,
  waitFor,
  withTimeout,
} from '../support/measure.ts';
import type { PlainWrites } from '../support/plain-writes.ts';
import { BASELINE_CLIENTS, CALLERS, fileUrgent, type NodeProbe } from './pair.ts';

type Load = 'engine' | 'baseline' | 'ceiling';
const LOADS: readonly Load[] = ['engine', 'baseline', 'ceiling'];

export interface ThroughputSetup {
  zj: TestNode;
  officer: FilingOfficer;
  peer: NodeProbe;
  plain: PlainWrites;
  /** The scratch database of the INSERT baseline. */
  scratchUrl: string;
  payload: string;
  /** The engine's mean group size so far (from the warm-up), for a ceiling run before the first engine run. */
  groupSize: number;
}

export async function measureThroughput(
  setup: ThroughputSetup,
  shape: { events: number; rounds: number },
  ctx: BenchContext,
) {
  const { events, rounds } = shape;
  let groupSize = setup.groupSize;
  const perRound: {
    engine?: Awaited<ReturnType<typeof engineRun>>;
    baseline?: Awaited<ReturnType<typeof singleRowInserts>>;
    ceiling?: Awaited<ReturnType<typeof ceilingRun>>;
  }[] = [];
  for (let r = 0; r < rounds; r++) {
    const round: (typeof perRound)[number] = {};
    for (let i = 0; i < LOADS.length; i++) {
      const load = LOADS[(i + r) % LOADS.length]!;
      const label = `round ${r + 1}/${rounds}`;
      if (load === 'engine') {
        ctx.log(`${label}: ${events} urgent requests filed by ${CALLERS} callers until folded at fj`);
        round.engine = await engineRun(setup, events);
        groupSize = round.engine.meanGroup;
      } else if (load === 'baseline') {
        ctx.log(`${label}: ${events} single-row INSERT transactions, ${BASELINE_CLIENTS} clients`);
        round.baseline = await singleRowInserts(setup.scratchUrl, {
          rows: events,
          concurrency: BASELINE_CLIENTS,
          payload: setup.payload,
        });
      } else {
        const size = Math.max(1, Math.round(groupSize));
        ctx.log(`${label}: the same writes in plain SQL, ${events} filings in groups of ${size}`);
        round.ceiling = await ceilingRun(setup.plain, events, size);
      }
    }
    perRound.push(round);
  }
  const rows = perRound.map((r) => ({ engine: r.engine!, baseline: r.baseline!, ceiling: r.ceiling! }));
  const med = (f: (r: (typeof rows)[number]) => number) => median(rows.map(f));
  const eventsPerSec = Math.round(med((r) => r.engine.eventsPerSec));
  return {
    callers: CALLERS,
    rounds,
    eventsPerRound: events,
    eventsPerSec,
    writeEventsPerSec: Math.round(med((r) => r.engine.writeEventsPerSec)),
    meanGroup: round(med((r) => r.engine.meanGroup)),
    lagAfterLastWriteMs: Math.round(med((r) => r.engine.lagAfterLastWriteMs)),
    baseline: {
      what: `single-row INSERT transactions (auto-commit), ${BASELINE_CLIENTS} clients, same payload size`,
      clients: BASELINE_CLIENTS,
      rowsPerSec: Math.round(med((r) => r.baseline.rowsPerSec)),
    },
    ratio: round(
      med((r) => r.engine.eventsPerSec / r.baseline.rowsPerSec),
      2,
    ),
    ceiling: {
      what: "the rows of each filing (event, projection and facts, signed entry, link head, audit row) in plain SQL with writeAppends' statements, one transaction per group of the engine's mean size, two groups in flight as the sequencer runs them",
      eventsPerSec: Math.round(med((r) => r.ceiling.eventsPerSec)),
      groupMs: percentiles(rows.flatMap((r) => r.ceiling.groupMs)),
      ratioToBaseline: round(
        med((r) => r.ceiling.eventsPerSec / r.baseline.rowsPerSec),
        2,
      ),
    },
    ratioToCeiling: round(
      med((r) => r.engine.eventsPerSec / r.ceiling.eventsPerSec),
      2,
    ),
    perRound: rows.map((r) => ({
      engineEventsPerSec: r.engine.eventsPerSec,
      engineMeanGroup: r.engine.meanGroup,
      baselineRowsPerSec: r.baseline.rowsPerSec,
      ceilingEventsPerSec: r.ceiling.eventsPerSec,
      ceilingGroup: r.ceiling.groupSize,
    })),
    target: { ratio: 0.5, ratioToCeiling: 0.7 },
  };
}

/** `events` filings by `CALLERS` concurrent calls; done when fj's head of the link has them all. */
async function engineRun(setup: ThroughputSetup, events: number) {
  const from = await setup.peer.headSeq();
  const ids: string[] = [];
  const started = performance.now();
  await withTimeout(
    runConcurrently(events, CALLERS, async () => {
      ids.push(await fileUrgent(setup.officer));
    }),
    600_000,
    'filings',
  );
  const written = performance.now();
  // fj advances its head in the transaction that stores and folds the batch.
  const visible = await waitFor(
    async () => (await setup.peer.headSeq()) >= from + events,
    'filings at fj',
    120_000,
    5,
  );
  const groups = await groupsOf(setup.zj, ids);
  return {
    eventsPerSec: perSecond(events, visible - started),
    writeEventsPerSec: perSecond(events, written - started),
    seconds: seconds(visible - started),
    lagAfterLastWriteMs: Math.round(visible - written),
    groups,
    meanGroup: round(events / groups, 1),
  };
}

/**
 * How many transactions wrote these filings: each group's projections carry the id of the one
 * transaction that wrote them (`change_xid`), and every filing is a new record.
 */
export async function groupsOf(zj: TestNode, recordIds: string[]): Promise<number> {
  const { rows } = await sql<{ groups: number }>`
    select count(distinct change_xid)::int as groups from record_projection
    where record_id = any(${recordIds}::uuid[])`.execute(zj.services.db);
  return rows[0]!.groups;
}

async function ceilingRun(plain: PlainWrites, events: number, groupSize: number) {
  const sizes: number[] = [];
  for (let left = events; left > 0; left -= groupSize) sizes.push(Math.min(groupSize, left));
  const groupMs: number[] = [];
  let next = 0;
  const started = performance.now();
  // As the sequencer: the next group starts while the previous one holds the link head.
  await Promise.all(
    Array.from({ length: GROUPS_IN_FLIGHT }, async () => {
      while (next < sizes.length) {
        const size = sizes[next++]!;
        const at = performance.now();
        await plain.appendGroup(size);
        groupMs.push(performance.now() - at);
      }
    }),
  );
  return { groupSize, eventsPerSec: perSecond(events, performance.now() - started), groupMs };
}
