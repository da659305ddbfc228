/** A response body for assertions; tests check its shape with expect, so it is loosely typed on purpose. */
// biome-ignore lint/suspicious/noExplicitAny: assertion target in tests
export async function readJson(res: Response): Promise<any> {
  return res.json();
}
