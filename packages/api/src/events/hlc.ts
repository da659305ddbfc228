import type { Clock } from '../clock.ts';

/**
 * Hybrid logical clock. Stamps are fixed-width strings `PPPPPPPPPPPPPPP.LLLLLL` (physical ms, logical
 * counter) so they sort as text. A stamp is never below one already issued or received.
 */
export class HybridLogicalClock {
  readonly #clock: Clock;
  #physical = 0;
  #logical = 0;

  constructor(clock: Clock, last?: string) {
    this.#clock = clock;
    if (last) this.observe(last);
  }

  /** A new stamp for an event authored here. */
  now(): string {
    const wall = this.#clock.now().getTime();
    if (wall > this.#physical) {
      this.#physical = wall;
      this.#logical = 0;
    } else {
      this.#logical++;
    }
    return formatHlc(this.#physical, this.#logical);
  }

  /** Takes a received stamp into account so later local stamps sort after it. */
  observe(stamp: string): void {
    const { physical, logical } = parseHlc(stamp);
    if (physical > this.#physical || (physical === this.#physical && logical > this.#logical)) {
      this.#physical = physical;
      this.#logical = logical;
    }
  }
}

export const HLC_PATTERN = /^\d{15}\.\d{6}$/;

/**
 * How far ahead of a node's clock a partner's stamp may be. Node tokens already require the two
 * clocks to agree within seconds; a stamp further ahead would drag every later local stamp (and with
 * it deadlines and statistics) into its future for good.
 */
export const MAX_STAMP_AHEAD_MS = 60_000;

export function formatHlc(physical: number, logical: number): string {
  return `${String(physical).padStart(15, '0')}.${String(logical).padStart(6, '0')}`;
}

export function parseHlc(stamp: string): { physical: number; logical: number } {
  const [p, l] = stamp.split('.');
  return { physical: Number(p), logical: Number(l) };
}

/** The author's wall-clock time of a stamp: the event time used for deadlines and statistics. */
export function hlcTime(stamp: string): Date {
  return new Date(parseHlc(stamp).physical);
}
