/**
 * Countdowns to a signed deadline. The due time comes from the signed filing, so both nodes show the
 * same deadline; only "now" is this browser's clock.
 */
export type CountdownState = 'running' | 'overdue' | 'done' | 'late';

export interface Countdown {
  state: CountdownState;
  /** Milliseconds left (running) or past the deadline (overdue); 0 once done. */
  ms: number;
  /** The time left or over, as `m:ss`, `h:mm:ss` or `Nd h:mm:ss`. */
  text: string;
  /** Red on the desk: past due and still not done. */
  red: boolean;
}

/**
 * The countdown to `dueAt` at `now`. `doneInTime` is the node's verdict once the awaited step has
 * happened (`ackInTime` / `completedInTime` of the signed deadlines), or null while it is awaited.
 */
export function countdown(dueAt: string, now: number, doneInTime: boolean | null = null): Countdown {
  if (doneInTime !== null) return { state: doneInTime ? 'done' : 'late', ms: 0, text: '', red: false };
  const ms = Date.parse(dueAt) - now;
  if (ms >= 0) return { state: 'running', ms, text: formatDuration(ms), red: false };
  return { state: 'overdue', ms: -ms, text: formatDuration(-ms), red: true };
}

/** Whole seconds, rounded up while running so "0:00" means due now. */
export function formatDuration(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  const clock =
    hours > 0 || days > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${minutes}:${two(seconds)}`;
  return days > 0 ? `${days}d ${clock}` : clock;
}
