import { DEMO_PASSWORD } from '../demo/demo-topology.ts';
import type { NodeServices } from '../node/node-services.ts';
import { callerFor } from './caller.ts';

/** An in-process caller acting as a demo officer (same middleware, audit and errors as over HTTP). */
export async function actAs(node: { services: NodeServices }, username: string) {
  const { officer } = await callerFor(node.services).auth.login({ username, password: DEMO_PASSWORD });
  return callerFor(node.services, officer);
}
