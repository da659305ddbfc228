/**
 * Live throughput: urgent requests filed at zj by 50 officers' calls at once, through the service
 * layer with audit, until fj has verified, stored and folded them all; against single-row INSERT
 * transactions (8 clients) and, as the ceiling, the same writes in plain SQL: zj's in groups of the
 * size the engine formed, and at the same time fj's in batches of the size fj applied, each node's
 * on a database of its own as the pair runs.
 * The three alternate in rounds (the order rotating each round), so a machine whose speed drifts
 * slows all three alike; each figure is the median round, each ratio the median of its rounds.
 */
import { type FilingOfficer, GROUPS_IN_FLIGHT } from '@tiemeng/api/testing';
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
  officer: FilingOfficer;
  /** zj's database, where each group of filings is one transaction. */
  origin: NodeProbe;
  /** fj's database, where each applied batch is one transaction. */
  peer: NodeProbe;
  plain: PlainWrites;
  /** The same writes as fj makes them, on a database of their own. */
  partner: PlainWrites;
  /** The scratch database of the INSERT baseline. */
  scratchUrl: string;
  payload: string;
  /** The engine's mean group size so far (from the warm-up), for a ceiling run before the first engine run. */
  groupSize: number;
  /** fj's mean inbound batch so far (from the warm-up), likewise. */
  batchSize: number;
}

export async function measureThroughput(
  setup: ThroughputSetup,
  shape: { events: number; rounds: number },
  ctx: BenchContext,
) {
  const { events, rounds } = shape;
  let groupSize = setup.groupSize;
  let batchSize = setup.batchSize;
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
        batchSize = round.engine.meanBatch;
      } else if (load === 'baseline') {
        ctx.log(`${label}: ${events} single-row INSERT transactions, ${BASELINE_CLIENTS} clients`);
        round.baseline = await singleRowInserts(setup.scratchUrl, {
          rows: events,
          concurrency: BASELINE_CLIENTS,
          payload: setup.payload,
        });
      } else {
        const size = Math.max(1, Math.round(groupSize));
        const batch = Math.max(1, Math.round(batchSize));
        ctx.log(
          `${label}: the same writes in plain SQL, ${events} filings in groups of ${size}, applied in batches of ${batch}`,
        );
        round.ceiling = await ceilingRun(setup, events, size, batch);
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
    meanBatchAtFj: round(med((r) => r.engine.meanBatch)),
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
      what: "the rows each filing writes at both nodes, in plain SQL: zj's (event, projection and facts, signed entry, link head, audit row) with writeAppends' statements, one transaction per group of the engine's mean size, two groups in flight as the sequencer runs them; at the same time fj's (applyEntries' statements) in batches of the size fj applied, one at a time, on a database of its own",
      eventsPerSec: Math.round(med((r) => r.ceiling.eventsPerSec)),
      zjPart: {
        what: "how fast zj's groups were done, with fj's writes running beside them",
        eventsPerSec: Math.round(med((r) => r.ceiling.authorEventsPerSec)),
      },
      fjPart: {
        what: "how fast fj's batches were done, with zj's groups running beside them",
        eventsPerSec: Math.round(med((r) => r.ceiling.partnerEventsPerSec)),
      },
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
      ceilingAuthorEventsPerSec: r.ceiling.authorEventsPerSec,
      ceilingPartnerEventsPerSec: r.ceiling.partnerEventsPerSec,
      ceilingGroup: r.ceiling.groupSize,
      ceilingBatch: r.ceiling.batchSize,
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
  const groups = await setup.origin.transactionsOf(ids);
  const batches = await setup.peer.transactionsOf(ids);
  return {
    eventsPerSec: perSecond(events, visible - started),
    writeEventsPerSec: perSecond(events, written - started),
    seconds: seconds(visible - started),
    lagAfterLastWriteMs: Math.round(visible - written),
    groups,
    meanGroup: round(events / groups, 1),
    meanBatch: round(events / batches, 1),
  };
}

async function ceilingRun(setup: ThroughputSetup, events: number, groupSize: number, batchSize: number) {
  const sizes = (size: number) => {
    const out: number[] = [];
    for (let left = events; left > 0; left -= size) out.push(Math.min(size, left));
    return out;
  };
  const groups = sizes(groupSize);
  const groupMs: number[] = [];
  let next = 0;
  const started = performance.now();
  let authorMs = 0;
  // As the sequencer: the next group starts while the previous one holds the link head.
  const author = Promise.all(
    Array.from({ length: GROUPS_IN_FLIGHT }, async () => {
      while (next < groups.length) {
        const size = groups[next++]!;
        const at = performance.now();
        await setup.plain.appendGroup(size);
        groupMs.push(performance.now() - at);
      }
    }),
  ).then(() => {
    authorMs = performance.now() - started;
  });
  let partnerMs = 0;
  // As fj: one batch at a time holds its inbound link's head.
  const partner = (async () => {
    for (const size of sizes(batchSize)) await setup.partner.applyBatch(size);
    partnerMs = performance.now() - started;
  })();
  await Promise.all([author, partner]);
  return {
    groupSize,
    batchSize,
    eventsPerSec: perSecond(events, performance.now() - started),
    authorEventsPerSec: perSecond(events, authorMs),
    partnerEventsPerSec: perSecond(events, partnerMs),
    groupMs,
  };
}
