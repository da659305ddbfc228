import type { Logger } from 'pino';
import { TiemengError } from '../errors/index.ts';
import type { ReconcileService } from './reconcile-service.ts';

/** How often a process looks whether a scheduled run is due (at most; less for short intervals). */
const MAX_TICK_MS = 60_000;

/**
 * Reconciles with every peer every `intervalMs`. Each process ticks; a run is due when the newest report
 * for the peer (from any process) is older than the interval, and the run lock makes sure only one
 * process runs it. So restarts do not postpone runs and N processes do not multiply them.
 */
export class ReconcileScheduler {
  readonly #service: ReconcileService;
  readonly #intervalMs: number;
  readonly #log: Logger;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(service: ReconcileService, options: { intervalMs: number; log: Logger }) {
    this.#service = service;
    this.#intervalMs = options.intervalMs;
    this.#log = options.log;
  }

  start(): void {
    this.#schedule();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(
      () => {
        this.#running = this.#tick().finally(() => {
          this.#running = undefined;
          this.#schedule();
        });
      },
      Math.min(this.#intervalMs, MAX_TICK_MS),
    );
  }

  async #tick(): Promise<void> {
    for (const peer of this.#service.peers) {
      if (this.#stopped) return;
      try {
        const report = await this.#service.runIfDue(peer, this.#intervalMs);
        if (report)
          this.#log.info({ peer, id: report.id, outcome: report.outcome }, 'scheduled reconciliation');
      } catch (err) {
        if (err instanceof TiemengError && err.appCode === 'ALREADY_RUNNING') continue;
        this.#log.warn({ peer, err: (err as Error).message }, 'scheduled reconciliation failed');
      }
    }
  }
}
