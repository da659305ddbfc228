import type { TestNode } from '@tiemeng/api/testing';
import { createTiemengClient, type TiemengClient } from '@tiemeng/client';

export { actAs } from '@tiemeng/api/testing';

/** Signs a demo officer in over HTTP and returns a typed client carrying their token. */
export async function signIn(node: { url: string }, username: string): Promise<TiemengClient> {
  const anonymous = createTiemengClient({ url: node.url });
  const { token } = await anonymous.auth.login.mutate({ username, password: 'tiemeng-demo' });
  return createTiemengClient({ url: node.url, token });
}

/** The id of an officer on a node, by username. */
export async function officerId(node: TestNode, username: string) {
  return (
    await node.services.db
      .selectFrom('officer')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow()
  ).id;
}
