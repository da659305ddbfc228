import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { ASSISTANCE } from '../records/assistance/assistance-type.ts';
import { overdueAt } from '../records/assistance/sql/overdue-at.ts';
import { METRICS } from '../records/metrics.ts';
import { summaryCsv } from './csv.ts';
import { figureLines } from './figure-lines.ts';
import { periodOf, STATS_TIME_ZONE } from './period.ts';
import { ackPercentiles, factTotals, type GroupBy } from './sql/fact-totals.ts';
import { groupedFigures } from './summary.ts';

export interface SummaryInput {
  from: string;
  to: string;
  groupBy?: 'station' | 'week' | 'month';
}

/**
 * Joint statistics over the facts both nodes derive from the same signed events (author times), so
 * a pair of nodes answers the same figures for the same period. Only "overdue now" depends on the clock.
 */
export class StatsService {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  async summary(input: SummaryInput) {
    const period = periodOf(input.from, input.to);
    const groupBy: GroupBy = input.groupBy;
    const [rows, acks, overdue] = await Promise.all([
      factTotals(this.#db, period, groupBy),
      ackPercentiles(this.#db, period, groupBy),
      this.#overdueRequests(),
    ]);
    return {
      period: { from: input.from, to: input.to, timeZone: STATS_TIME_ZONE },
      groupBy: groupBy ?? null,
      groups: groupedFigures(rows, acks).map((g) => ({ ...g, lines: figureLines(g.figures) })),
      overdueNow: { requests: overdue },
      definitions: METRICS,
    };
  }

  async export(input: SummaryInput) {
    const summary = await this.summary(input);
    const name = `tiemeng-stats-${input.from}-${input.to}${input.groupBy ? `-by-${input.groupBy}` : ''}.csv`;
    return { filename: name, contentType: 'text/csv; charset=utf-8', csv: summaryCsv(summary.groups) };
  }

  async #overdueRequests(): Promise<number> {
    const row = await this.#db
      .selectFrom('record_projection')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('record_type', '=', ASSISTANCE)
      .where(overdueAt(this.#clock.now()))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
