import { type Clock, ManualClock } from '../clock.ts';

/**
 * The demo nodes' clock: the system clock, except while history is being seeded, when it is a
 * manual clock stepping through the past so every seeded event carries its historical time.
 */
export class SeedClock implements Clock {
  #manual: ManualClock | undefined;

  now(): Date {
    return this.#manual ? this.#manual.now() : new Date();
  }

  /** Runs `fn` with time frozen at `start`, moved only by `fn` through the manual clock. */
  async replay<T>(start: string, fn: (clock: ManualClock) => Promise<T>): Promise<T> {
    this.#manual = new ManualClock(start);
    try {
      return await fn(this.#manual);
    } finally {
      this.#manual = undefined;
    }
  }
}
