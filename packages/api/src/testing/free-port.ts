import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const LOWEST = 10_000;
const SLICES = 16;

/**
 * A TCP port free on 127.0.0.1 now, for nodes that must know each other's URL before they start.
 *
 * Ports come from below the kernel's ephemeral range: one from inside it (what `listen(0)` hands out)
 * can be taken by any outgoing connection between this check and the node's own listen, and then the
 * node fails with EADDRINUSE. Each vitest worker draws from its own slice, starting at a random place,
 * so files running in parallel do not pick the same port either.
 */
export async function freePort(): Promise<number> {
  const { start, size } = slice();
  for (let tried = 0; tried < size; tried++) {
    const port = start + (next++ % size);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port in ${start}–${start + size - 1}`);
}

let next = Math.floor(Math.random() * 1_000);

function slice(): { start: number; size: number } {
  const size = Math.floor((ephemeralStart() - LOWEST) / SLICES);
  const index = Number(process.env.VITEST_POOL_ID ?? 0) % SLICES;
  return { start: LOWEST + index * size, size };
}

function ephemeralStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const value = Number(low);
    return value > LOWEST + SLICES * 100 ? value : 32_768;
  } catch {
    return 32_768; // Linux's default where /proc cannot tell
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}
