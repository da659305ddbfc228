import { createServer, type Server, Socket } from 'node:net';

/**
 * A loopback TCP proxy that tests can cut and heal, to partition two nodes while both keep running.
 */
export class TcpProxy {
  readonly #target: number;
  readonly #sockets = new Set<Socket>();
  #server: Server | undefined;
  #cut = false;
  port = 0;

  constructor(targetPort: number) {
    this.#target = targetPort;
  }

  async start(port = 0): Promise<this> {
    this.#server = createServer((client) => {
      if (this.#cut) return void client.destroy();
      const upstream = new Socket();
      upstream.connect(this.#target, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.#server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.#server.address() as { port: number }).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Drops every connection and refuses new ones until healed. */
  cut(): void {
    this.#cut = true;
    for (const s of this.#sockets) s.destroy();
  }

  heal(): void {
    this.#cut = false;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}

/** Cutting and healing every proxy between a pair of nodes at once: a network partition. */
export function partitionOf(proxies: readonly TcpProxy[]) {
  return {
    partition: () => {
      for (const p of proxies) p.cut();
    },
    heal: () => {
      for (const p of proxies) p.heal();
    },
  };
}
