import { readFileSync } from 'node:fs';

/** This release of the node (the api package's version). */
export const NODE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
