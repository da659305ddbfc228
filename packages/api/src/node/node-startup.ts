/** How long a caller refused while the node starts is told to wait before trying again. */
export const STARTING_RETRY_AFTER_SECONDS = 5;

/**
 * Whether the node is usable by officers yet. A node is usable once it listens (migrated, keys
 * loaded), unless whoever starts it holds it back for work of its own, as the demo does while it
 * seeds its history: until then `/readyz` answers 503 and sign-ins NODE_STARTING, so nobody is
 * told their password is wrong before their account exists.
 *
 * @example
 * const node = await startNode(config, { heldFor: 'seeding the demo history' });
 * await seed(node.services);
 * node.services.startup.ready();
 */
export class NodeStartup {
  #heldFor: string | undefined;

  constructor(heldFor?: string) {
    this.#heldFor = heldFor;
  }

  get isReady(): boolean {
    return this.#heldFor === undefined;
  }

  /** What the node is still doing, while it is not ready. */
  get heldFor(): string | undefined {
    return this.#heldFor;
  }

  ready(): void {
    this.#heldFor = undefined;
  }
}
