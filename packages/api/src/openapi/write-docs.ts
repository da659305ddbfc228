/**
 * Writes the generated documents checked into docs/: the OpenAPI document of the officer procedures
 * and the JSON Schema of node.json, and the record catalog clients read (packages/api/record-catalog.json).
 * Run by `npm run docs`; tests fail when the copies are stale.
 */
import { writeFileSync } from 'node:fs';
import { nodeConfigJsonSchema } from '../config/node-config.ts';
import { recordCatalog } from '../records/catalog.ts';
import { NODE_VERSION } from '../version.ts';
import { openApiDocument } from './openapi-document.ts';

const docs = new URL('../../../../docs/', import.meta.url);
writeFileSync(new URL('openapi.json', docs), `${JSON.stringify(openApiDocument(NODE_VERSION), null, 2)}\n`);
console.log('wrote docs/openapi.json');
writeFileSync(
  new URL('node-config.schema.json', docs),
  `${JSON.stringify(nodeConfigJsonSchema(), null, 2)}\n`,
);
console.log('wrote docs/node-config.schema.json');
writeFileSync(
  new URL('../../record-catalog.json', import.meta.url),
  `${JSON.stringify(recordCatalog, null, 2)}\n`,
);
console.log('wrote packages/api/record-catalog.json');
