/**
 * HTTP load for benchmarks: autocannon in a child process (so the load does not share the measured
 * servers' event loop), with what the load cost this process, and loads alternated in rounds.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { BenchContext } from './context.ts';
import { median, round } from './measure.ts';

export interface LoadResult {
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  /**
   * This process's CPU time per answered request (the servers live here, one under load at a
   * time), and the share of the time its event loop was busy: what each call costs the server, and
   * whether it ran out of CPU or waited (on PostgreSQL).
   */
  server: { cpuMicrosPerRequest: number; eventLoopBusy: number };
}

/** One kind of request to load a server with. */
export interface Load {
  name: string;
  what: string;
  url: string;
  headers: Record<string, string>;
}

interface Shape {
  rounds: number;
  seconds: number;
  connections: number;
}

/**
 * Runs every load once per round, the order rotating each round, each after a discarded second of
 * itself (JIT, connections); answers each load's rounds in order. A machine whose speed drifts
 * then slows every load alike, instead of whichever ran last.
 *
 * @example
 * const measured = await alternate(ctx, loads, { rounds: 5, seconds: 3, connections: 50 });
 * const bare = summarise(measured.get('baseline')!);
 */
export async function alternate(ctx: BenchContext, loads: Load[], shape: Shape) {
  const measured = new Map<string, LoadResult[]>(loads.map((l) => [l.name, []]));
  for (let r = 0; r < shape.rounds; r++) {
    for (let i = 0; i < loads.length; i++) {
      const l = loads[(i + r) % loads.length]!;
      ctx.log(
        `round ${r + 1}/${shape.rounds}: ${l.what}, ${shape.connections} connections, ${shape.seconds} s`,
      );
      measured.get(l.name)!.push(await load(l, shape));
    }
  }
  return measured;
}

/** The median round of each figure; errors summed, the worst latency kept. */
export function summarise(runs: LoadResult[]): LoadResult {
  const of = (f: (r: LoadResult) => number) => median(runs.map(f));
  return {
    requestsPerSecond: Math.round(of((r) => r.requestsPerSecond)),
    latencyMs: {
      p50: of((r) => r.latencyMs.p50),
      p90: of((r) => r.latencyMs.p90),
      p99: of((r) => r.latencyMs.p99),
      max: Math.max(...runs.map((r) => r.latencyMs.max)),
    },
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    server: {
      cpuMicrosPerRequest: Math.round(of((r) => r.server.cpuMicrosPerRequest)),
      eventLoopBusy: round(
        of((r) => r.server.eventLoopBusy),
        2,
      ),
    },
  };
}

/**
 * One load: autocannon warms up for a discarded second, then measures, in one process. A warm-up in a
 * process of its own left the measured one starting cold (its own start-up and JIT competing for the
 * cores in the measured seconds), which on two cores doubled the list's p99 in a 3 s round. This
 * process's CPU and event loop are measured over both, per request answered in both.
 */
async function load(l: Load, shape: Shape): Promise<LoadResult> {
  const loop = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  const result = await autocannon(l, shape.connections, shape.seconds);
  const used = process.cpuUsage(cpu);
  return {
    ...result,
    server: {
      cpuMicrosPerRequest: Math.round((used.user + used.system) / Math.max(1, result.answered)),
      eventLoopBusy: round(performance.eventLoopUtilization(loop).utilization, 2),
    },
  };
}

/**
 * autocannon in a child process, warming up for a discarded second first (`-W`); the measured run's
 * JSON result parsed (the last line it prints). Bounded by its duration plus a margin.
 */
function autocannon(
  { url, headers }: Load,
  connections: number,
  seconds: number,
): Promise<Omit<LoadResult, 'server'> & { answered: number }> {
  const bin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const c = String(connections);
  const args = [bin, '-j', '-c', c, '-d', String(seconds), '-W', '[', '-c', c, '-d', '1', ']'];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: (seconds + 30) * 1000,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      const r = JSON.parse(out.trim().split('\n').at(-1)!) as Run & { warmup: Run };
      resolve({
        requestsPerSecond: Math.round(r.requests.average),
        answered: r.requests.total + r.warmup.requests.total,
        latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
        non2xx: r.non2xx,
        errors: r.errors,
      });
    });
  });
}

/** What autocannon's JSON says of one run. */
interface Run {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
}
