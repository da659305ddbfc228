import { callerFor, type TestNode } from '@tiemeng/api/testing';

/** An in-process caller acting as a demo officer (same middleware, audit and errors as over HTTP). */
export async function actAs(node: TestNode, username: string) {
  const { officer } = await callerFor(node.services).auth.login({ username, password: 'tiemeng-demo' });
  return callerFor(node.services, officer);
}
