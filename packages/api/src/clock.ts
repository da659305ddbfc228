/** The one source of "now" for the node; tests and the demo seeder pass a controllable clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that only moves when told to: for tests of deadlines and for seeding history.
 *
 * @example
 * const clock = new ManualClock('2025-01-01T02:00:00Z');
 * clock.advance(16 * 60_000); // 16 minutes later
 */
export class ManualClock implements Clock {
  #ms: number;
  constructor(start: Date | string | number) {
    this.#ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#ms);
  }
  set(to: Date | string | number): void {
    this.#ms = new Date(to).getTime();
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
}
